using System.Text.Json;
using System.Text.RegularExpressions;
using AuditExplorer.Data.Demo;

namespace AuditExplorer.Tests.Unit.Demo;

public sealed class DemoHistoryGeneratorTests
{
    private static readonly DateTime Until = new(2026, 11, 1, 12, 0, 0, DateTimeKind.Utc);
    private static readonly List<DemoEvent> History = Generate(seed: 7, events: 20_000);

    [Fact]
    public void Generates_exactly_the_requested_number_of_events() => Assert.Equal(20_000, History.Count);

    [Fact]
    public void Events_come_in_time_order_within_the_last_eighteen_months()
    {
        Assert.All(History.Zip(History.Skip(1)), pair => Assert.True(pair.First.OccurredAt <= pair.Second.OccurredAt));
        Assert.True(History[0].OccurredAt >= Until.AddDays(-DemoHistoryGenerator.HistoryDays));
        Assert.True(History[^1].OccurredAt < Until.AddMinutes(1));
    }

    [Fact]
    public void Some_events_of_one_tenant_share_a_timestamp()
    {
        var ties = History.GroupBy(e => (e.TenantId, e.OccurredAt)).Count(g => g.Count() > 1);
        Assert.True(ties > 10, $"only {ties} tied timestamps");
    }

    [Fact]
    public void Every_tenant_has_a_document_of_at_least_100_KB()
    {
        var large = History.Where(e => e.NewValues?.Length >= 100_000).Select(e => e.TenantId).Distinct();
        Assert.Equal(["acme", "globex", "initech"], large.Order());
    }

    [Fact]
    public void Actions_look_like_entity_dot_verb_and_change_kinds_are_valid()
    {
        var action = new Regex("^[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)+$");
        string[] kinds = ["create", "update", "delete", "access", "other"];
        Assert.All(History, e =>
        {
            Assert.Matches(action, e.Action);
            Assert.Contains(e.ChangeKind, kinds);
            Assert.StartsWith(e.EntityType + ".", e.Action);
        });
        Assert.Equal(kinds.Order(), History.Select(e => e.ChangeKind).Distinct().Order());
    }

    [Fact]
    public void Creates_have_only_new_values_and_deletes_only_old_values()
    {
        Assert.All(History.Where(e => e.ChangeKind == "create"), e => { Assert.Null(e.OldValues); Assert.NotNull(e.NewValues); });
        Assert.All(History.Where(e => e.ChangeKind == "delete"), e => { Assert.NotNull(e.OldValues); Assert.Null(e.NewValues); });
        Assert.All(History.Where(e => e.ChangeKind == "update"), e => { Assert.NotNull(e.OldValues); Assert.NotNull(e.NewValues); });
    }

    [Fact]
    public void Values_and_context_are_JSON_objects_with_request_and_correlation_ids()
    {
        foreach (var e in History.Take(3_000))
        {
            foreach (var json in new[] { e.OldValues, e.NewValues }.OfType<string>())
            {
                using var doc = JsonDocument.Parse(json);
                Assert.Equal(JsonValueKind.Object, doc.RootElement.ValueKind);
            }
            using var context = JsonDocument.Parse(e.Context);
            Assert.StartsWith("req_", context.RootElement.GetProperty("request_id").GetString());
            Assert.StartsWith("cor_", context.RootElement.GetProperty("correlation_id").GetString());
            Assert.True(context.RootElement.TryGetProperty("roles", out _));
        }
    }

    [Fact]
    public void One_request_can_produce_several_events_with_one_correlation_id()
    {
        var shared = History.GroupBy(e => CorrelationId(e.Context)).Count(g => g.Count() > 1);
        Assert.True(shared > 50, $"only {shared} correlation ids span several events");
    }

    [Fact]
    public void Ids_are_version_7_uuids_carrying_the_event_time()
    {
        Assert.All(History, e =>
        {
            Assert.Equal(7, e.Id.Version);
            var bytes = e.Id.ToByteArray(bigEndian: true);
            var ms = ((long)bytes[0] << 40) | ((long)bytes[1] << 32) | ((long)bytes[2] << 24) | ((long)bytes[3] << 16) | ((long)bytes[4] << 8) | bytes[5];
            Assert.Equal(new DateTimeOffset(e.OccurredAt).ToUnixTimeMilliseconds(), ms);
        });
        Assert.Equal(History.Count, History.Select(e => e.Id).Distinct().Count());
    }

    [Fact]
    public void Personal_data_and_all_actor_kinds_appear()
    {
        Assert.Contains(History, e => e.Action == "user.invite" && e.NewValues!.Contains("\"email\"") && e.NewValues.Contains("\"phone\""));
        Assert.Contains(History, e => e.EntityType == "contract" && e.NewValues?.Contains("\"customer\"") == true);
        Assert.Equal(["api-key", "service", "system", "user"], History.Select(e => e.ActorKind).Distinct().Order());
    }

    [Fact]
    public void Acme_history_holds_the_script_and_spreadsheet_formula_samples()
    {
        Assert.Contains(History, e => e.TenantId == "acme" && e.NewValues?.Contains("\"title\":\"<script>alert(1)</script>\"") == true);
        Assert.Contains(History, e => e.TenantId == "acme" && e.NewValues?.Contains("\"name\":\"=cmd|' /C calc'!A0\"") == true);
    }

    [Fact]
    public void Same_seed_repeats_the_history_and_another_seed_does_not()
    {
        var first = Generate(seed: 7, events: 2_000);
        var again = Generate(seed: 7, events: 2_000);
        var other = Generate(seed: 8, events: 2_000);
        Assert.True(first.SequenceEqual(again), "the same seed produced a different history");
        Assert.Empty(first.Select(e => e.Id).Intersect(other.Select(e => e.Id)));
    }

    [Fact]
    public void Tenant_catalog_starts_with_the_named_tenants()
    {
        Assert.Equal(["acme", "globex", "initech", "tenant-004", "tenant-005"], DemoTenantCatalog.Take(5).Select(t => t.Id));
        Assert.Equal("Acme Corp", DemoTenantCatalog.Take(3)[0].DisplayName);
        Assert.Throws<ArgumentOutOfRangeException>(() => DemoTenantCatalog.Take(2));
    }

    private static string CorrelationId(string context)
    {
        var start = context.IndexOf("\"correlation_id\":\"", StringComparison.Ordinal) + 18;
        return context[start..context.IndexOf('"', start)];
    }

    private static List<DemoEvent> Generate(int seed, int events) =>
        new DemoHistoryGenerator(DemoTenantCatalog.Take(3), events, seed, Until).Generate().ToList();
}
