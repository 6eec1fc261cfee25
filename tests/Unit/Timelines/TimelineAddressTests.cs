using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Tests.Unit.Timelines;

public sealed class TimelineAddressTests
{
    private static TimelineAddress Parse(string query, TimelineFilter? baseFilter = null) =>
        TimelineAddress.Parse(query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => (string?)Uri.UnescapeDataString(p[1])), baseFilter ?? new TimelineFilter());

    [Fact]
    public void Filter_survives_a_round_trip_through_the_url()
    {
        var address = Parse("?action=contract.publish&kind=update&actor=usr_1&q=alice%40example.com&from=2026-03-01T00:00:00Z&to=2026-04-01T00:00:00Z&order=oldest&access=1&size=100&cursor=abc");
        Assert.Empty(address.Problems);
        var again = Parse(address.ToQuery(new TimelineFilter()));
        Assert.Equal(address.Filter, again.Filter);
        Assert.Equal(100, again.PageSize);
        Assert.Equal("abc", again.Cursor);
    }

    [Fact]
    public void Record_timeline_keeps_its_record_out_of_the_query()
    {
        var baseFilter = new TimelineFilter { EntityType = "contract", EntityId = "42" };
        var address = Parse("?type=page&kind=delete", baseFilter);
        Assert.Equal("contract", address.Filter.EntityType);
        Assert.Equal(TimelineKind.Record, address.Filter.Kind);
        Assert.Equal("?kind=delete", address.ToQuery(baseFilter));
    }

    [Theory]
    [InlineData("?from=yesterday", "not a date")]
    [InlineData("?size=7", "Page size")]
    [InlineData("?kind=explode", "not a change kind")]
    [InlineData("?from=2026-05-01T00:00Z&to=2026-04-01T00:00Z", "before its end")]
    public void Bad_values_are_reported_not_thrown(string query, string message)
    {
        var address = Parse(query);
        Assert.Contains(address.Problems, p => p.Contains(message));
        Assert.Equal(TimelineAddress.DefaultPageSize, address.PageSize);
    }
}
