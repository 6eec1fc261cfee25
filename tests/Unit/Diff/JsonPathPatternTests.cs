using AuditExplorer.Data.Diff;

namespace AuditExplorer.Tests.Unit.Diff;

public class JsonPathPatternTests
{
    private static JsonPathSegment[] Path(params JsonPathSegment[] segments) => segments;

    [Fact]
    public void Paths_written_by_the_diff_parse_back_to_their_steps()
    {
        var pattern = JsonPathPattern.Parse("$.items[id=42]['odd.key'][3].qty");

        Assert.Equal(
            Path(
                JsonPathSegment.Property("items"),
                JsonPathSegment.Identified("id", "42"),
                JsonPathSegment.Property("odd.key"),
                JsonPathSegment.At(3),
                JsonPathSegment.Property("qty")),
            pattern.Segments);
    }

    [Fact]
    public void Quoted_identity_values_may_contain_brackets_and_quotes()
    {
        var pattern = JsonPathPattern.Parse("$[key=\"a]\\\"b\"].v");

        Assert.Equal(JsonPathSegment.Identified("key", "\"a]\\\"b\""), pattern.Segments[0]);
    }

    [Fact]
    public void Descendant_pattern_matches_a_name_at_any_depth_including_the_top()
    {
        var pattern = JsonPathPattern.Parse("$..email");

        Assert.True(pattern.Matches(Path(JsonPathSegment.Property("email"))));
        Assert.True(pattern.Matches(Path(JsonPathSegment.Property("a"), JsonPathSegment.At(1), JsonPathSegment.Property("email"))));
        Assert.False(pattern.Matches(Path(JsonPathSegment.Property("email"), JsonPathSegment.Property("x"))));
    }

    [Fact]
    public void Wildcard_step_matches_positions_and_identities()
    {
        var pattern = JsonPathPattern.Parse("$.items[*].email");

        Assert.True(pattern.Matches(Path(JsonPathSegment.Property("items"), JsonPathSegment.At(0), JsonPathSegment.Property("email"))));
        Assert.True(pattern.Matches(Path(JsonPathSegment.Property("items"), JsonPathSegment.Identified("id", "7"), JsonPathSegment.Property("email"))));
        Assert.False(pattern.Matches(Path(JsonPathSegment.Property("items"), JsonPathSegment.Property("email"))));
    }

    [Theory]
    [InlineData("plain")]
    [InlineData("*")]
    [InlineData("it's")]
    [InlineData("a]b['c")]
    [InlineData("back\\slash")]
    [InlineData("x=1")]
    [InlineData("")]
    [InlineData("Zoë 名前")]
    public void Any_property_name_written_by_the_diff_reads_back_as_the_same_name(string name)
    {
        var written = new System.Text.StringBuilder("$");
        JsonPathSegment.Property(name).AppendTo(written);

        Assert.Equal([JsonPathSegment.Property(name)], JsonPathPattern.Parse(written.ToString()).Segments);
    }

    [Theory]
    [InlineData("customer.email")]
    [InlineData("$.")]
    [InlineData("$[abc]")]
    [InlineData("$['open")]
    [InlineData("$..")]
    [InlineData("$x")]
    public void Malformed_paths_are_rejected_with_the_path_in_the_message(string text)
    {
        var error = Assert.Throws<InvalidJsonPathException>(() => JsonPathPattern.Parse(text));

        Assert.Contains($"\"{text}\" is not a valid JSON path", error.Message);
    }
}
