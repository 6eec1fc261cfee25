using AuditExplorer.Data.Store;
using AuditExplorer.Data.Streams;

namespace AuditExplorer.Tests.Unit.Streams;

public sealed class StreamFilterTests
{
    private static AuditEvent Event(string type = "contract", string id = "42", string kind = "update", string actor = "usr_1") => new()
    {
        TenantId = "acme", ActorId = actor, ActorKind = "user", Action = type + "." + kind, ChangeKind = kind,
        EntityType = type, EntityId = id, OccurredAt = new DateTimeOffset(2026, 3, 1, 12, 0, 0, TimeSpan.Zero),
    };

    [Fact]
    public void A_timeline_address_is_read_normalized_and_applied_like_the_timeline()
    {
        var filter = StreamFilter.Parse("https://explorer.example/t/acme/events?kind=update&type=contract&order=oldest&size=100");
        Assert.Equal("?type=contract&kind=update", filter.Text);
        Assert.True(filter.Matches(Event()));
        Assert.False(filter.Matches(Event(kind: "create")));
        Assert.False(filter.Matches(Event(type: "invoice")));
    }

    [Fact]
    public void Access_events_are_left_out_unless_asked_for()
    {
        Assert.False(StreamFilter.Parse("").Matches(Event(kind: "access")));
        Assert.True(StreamFilter.Parse("?access=1").Matches(Event(kind: "access")));
        Assert.True(StreamFilter.Parse("?kind=access").Matches(Event(kind: "access")));
        Assert.True(StreamFilter.Parse("").Matches(Event()));
    }

    [Fact]
    public void The_time_range_includes_its_start_and_excludes_its_end()
    {
        var filter = StreamFilter.Parse("?from=2026-03-01T12:00Z&to=2026-03-01T13:00Z");
        Assert.True(filter.Matches(Event()));
        Assert.False(StreamFilter.Parse("?from=2026-03-01T12:00:01Z").Matches(Event()));
        Assert.False(StreamFilter.Parse("?to=2026-03-01T12:00Z").Matches(Event()));
    }

    [Theory]
    [InlineData("?q=ann", "words inside values")]
    [InlineData("?cursor=x&foo=1", "\"foo\" is not a filter")]
    [InlineData("?from=yesterday", "is not a date and time")]
    [InlineData("?kind=upsert", "is not a change kind")]
    [InlineData("?type=x%27%20OR%201%3D1--", "is not a record type")]
    public void A_filter_streams_cannot_apply_is_refused_with_the_reason(string text, string reason)
    {
        var ex = Assert.Throws<StreamRejectedException>(() => StreamFilter.Parse(text));
        Assert.Contains(reason, ex.Message);
    }
}
