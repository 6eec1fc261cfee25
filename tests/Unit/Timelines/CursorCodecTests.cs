using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Tests.Unit.Timelines;

public sealed class CursorCodecTests
{
    private readonly CursorCodec _codec = new(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly TimelineCursor _cursor = new(new DateTimeOffset(2026, 5, 1, 10, 0, 0, 123, TimeSpan.Zero).AddTicks(4560), Guid.CreateVersion7(), PageDirection.Next);
    private readonly TimelineFilter _filter = new() { Action = "contract.publish" };

    [Fact]
    public void Round_trips_position_and_direction_exactly()
    {
        var token = _codec.Encode(_cursor, "acme", _filter);
        Assert.Equal(_cursor, _codec.Decode(token, "acme", _filter));
        Assert.DoesNotContain('+', token);
        Assert.DoesNotContain('/', token);
    }

    [Fact]
    public void Rejects_a_token_bound_to_another_tenant_or_filter()
    {
        var token = _codec.Encode(_cursor, "acme", _filter);
        Assert.Throws<InvalidCursorException>(() => _codec.Decode(token, "globex", _filter));
        Assert.Throws<InvalidCursorException>(() => _codec.Decode(token, "acme", _filter with { Action = "contract.delete" }));
    }

    [Fact]
    public void Rejects_a_token_signed_with_another_key()
    {
        var token = new CursorCodec(new byte[32]).Encode(_cursor, "acme", _filter);
        Assert.Throws<InvalidCursorException>(() => _codec.Decode(token, "acme", _filter));
    }

    [Theory]
    [InlineData("")]
    [InlineData("%%%")]
    [InlineData("AAAA")]
    [InlineData("<script>alert(1)</script>")]
    public void Rejects_garbage_with_a_message_saying_what_to_do(string token)
    {
        var ex = Assert.Throws<InvalidCursorException>(() => _codec.Decode(token, "acme", _filter));
        Assert.Contains("first page", ex.Message);
    }

    [Fact]
    public void Every_single_character_edit_is_detected()
    {
        var token = _codec.Encode(_cursor, "acme", _filter);
        for (var i = 0; i < token.Length; i++)
        {
            var edited = token[..i] + (token[i] == 'x' ? 'y' : 'x') + token[(i + 1)..];
            Assert.Throws<InvalidCursorException>(() => _codec.Decode(edited, "acme", _filter));
        }
    }
}
