using AuditExplorer.Data.Export.Jobs;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Tests.Unit.Export.Jobs;

public sealed class ExportJobFilterTests
{
    [Fact]
    public void A_record_filter_round_trips_and_keeps_access_events_out()
    {
        var filter = new TimelineFilter { EntityType = "contract", EntityId = "42", From = new DateTimeOffset(2026, 3, 1, 9, 30, 0, TimeSpan.FromHours(2)) };

        var json = ExportJobFilter.Serialize(filter);
        var back = ExportJobFilter.Parse(json);

        Assert.Equal("""{"entity_type":"contract","entity_id":"42","from":"2026-03-01T07:30:00.0000000\u002B00:00","include_access_events":false}""", json);
        Assert.Equal(filter with { From = filter.From!.Value.ToUniversalTime() }, back);
        Assert.Equal(TimeSpan.Zero, back.From!.Value.Offset);
    }

    [Fact]
    public void A_time_range_is_recorded_as_including_access_events_and_cut_to_microseconds()
    {
        var from = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero).AddTicks(17); // 1.7 µs
        var json = ExportJobFilter.Serialize(new TimelineFilter { From = from });

        var back = ExportJobFilter.Parse(json);

        Assert.True(back.IncludeAccessEvents);
        Assert.Equal(from.AddTicks(-7), back.From);
    }

    [Fact]
    public void The_history_describes_a_filter_in_words()
    {
        Assert.Equal("whole log", ExportJobFilter.Describe(new TimelineFilter()));
        Assert.Equal("contract/42, to 2026-04-01 00:00Z",
            ExportJobFilter.Describe(new TimelineFilter { EntityType = "contract", EntityId = "42", To = new DateTimeOffset(2026, 4, 1, 0, 0, 0, TimeSpan.Zero) }));
    }
}
