using AuditExplorer.Data.Export;
using AuditExplorer.Data.Store;
using nietras.SeparatedValues;

namespace AuditExplorer.Tests.Unit.Export;

public sealed class EventCsvWriterTests
{
    private static ExportedEvent Row(AuditEvent e, long seq = 7) => new(e, seq, new byte[32], new byte[32], new byte[32]);

    private static AuditEvent Event(string actorId = "usr_1", string entityId = "c-1", string? newValues = null) => new()
    {
        TenantId = "acme",
        Id = Guid.Parse("0190a000-0000-7000-8000-000000000001"),
        OccurredAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero),
        RecordedAt = new DateTimeOffset(2026, 1, 2, 3, 4, 6, TimeSpan.Zero),
        ActorId = actorId,
        ActorKind = "user",
        Action = "contract.update",
        ChangeKind = "update",
        EntityType = "contract",
        EntityId = entityId,
        NewValues = newValues,
    };

    private static List<Dictionary<string, string>> WriteAndRead(params ExportedEvent[] rows)
    {
        using var text = new StringWriter();
        using (var csv = new EventCsvWriter(text))
        {
            foreach (var r in rows) csv.Write(r);
            csv.Complete();
        }
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromText(text.ToString());
        var result = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var cells = new Dictionary<string, string>();
            foreach (var name in EventCsvColumns.Names) cells[name] = row[name].ToString();
            result.Add(cells);
        }
        return result;
    }

    [Theory]
    [InlineData("=cmd|' /C calc'!A0")]
    [InlineData("+1")]
    [InlineData("-1")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tcmd")]
    [InlineData("\rcmd")]
    public void A_formula_in_any_text_column_reaches_the_file_neutralized(string attack)
    {
        var row = WriteAndRead(Row(Event(actorId: attack, entityId: attack)))[0];
        Assert.Equal("'" + attack, row["actor_id"]);
        Assert.Equal("'" + attack, row["entity_id"]);
    }

    [Fact]
    public void Quotes_commas_and_line_breaks_round_trip_through_RFC_4180_quoting()
    {
        const string tricky = "say \"hi\", then\nnew line\r\nand more";
        var json = """{"note":"a, \"b\"\nc"}""";
        var row = WriteAndRead(Row(Event(entityId: tricky, newValues: json)))[0];
        Assert.Equal(tricky, row["entity_id"]);
        Assert.Equal(json, row["new_values"]);
    }

    [Fact]
    public void Common_fields_are_flattened_and_missing_values_are_empty()
    {
        var row = WriteAndRead(Row(Event()))[0];
        Assert.Equal("7", row["seq"]);
        Assert.Equal("0190a000-0000-7000-8000-000000000001", row["id"]);
        Assert.Equal("2026-01-02T03:04:05.000000Z", row["occurred_at"]);
        Assert.Equal("contract.update", row["action"]);
        Assert.Equal("", row["old_values"]);
        Assert.Equal("{}", row["context"]);
        Assert.Equal(Convert.ToBase64String(new byte[32]), row["leaf_hash"]);
    }

    [Fact]
    public void An_export_without_events_is_a_header_only_csv()
    {
        using var text = new StringWriter();
        using (var csv = new EventCsvWriter(text)) csv.Complete();
        Assert.Equal(string.Join(',', EventCsvColumns.Names), text.ToString().TrimEnd('\r', '\n'));
    }
}
