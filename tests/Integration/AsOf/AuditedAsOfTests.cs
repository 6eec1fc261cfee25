using System.Diagnostics;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.AsOf;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration.AsOf;

/// <summary>The as-of view's read as the web app runs it: history, replay and printing inside one audited read.</summary>
[Collection(StoreCollection.Name)]
public sealed class AuditedAsOfTests(PostgresFixture db)
{
    private const int Depth = 10_000;

    private static readonly Viewer Officer = new("usr_officer", "Olga Officer", "olga@example.test", ["compliance_officer"],
        new ViewerRequest("req-1", "sess-1", "127.0.0.1", "Chromium", "oidc", "auditexplorer-web"), null);

    private async Task<AsOfDisplay> ShowAsOfAsync(string tenant, string entityId, DateTimeOffset moment, ViewerPrivacy privacy) =>
        await new AuditedReads(new SourceContexts(db.ReaderSource), db.ReaderSource).ReadAsync(tenant, Officer,
            _ => new AccessRecord("audit_log.view", "contract", entityId, new Dictionary<string, string?> { ["view"] = "as_of" }),
            async (ctx, ct) => AsOfDisplay.Prepare(await RecordHistoryQuery.ReadAsync(ctx, tenant, "contract", entityId, moment, ct), moment, privacy),
            CancellationToken.None);

    private async Task<long> AsOfViewsAsync(string tenant, string entityId)
    {
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            "select count(*) from audit.events where tenant_id = $1 and entity_id = $2 and change_kind = 'access' and context->'access'->>'view' = 'as_of'", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(entityId);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task A_ten_thousand_level_record_is_replayed_redacted_shown_and_recorded_once()
    {
        var tenant = await db.CreateTenantAsync("asof");
        var at = DateTimeOffset.UtcNow.AddMinutes(-5);
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            await TestEvents.AppendAsync(conn, tenant, at, entityId: "deep", changeKind: "create",
                newValues: "{\"email\":\"ann@example.com\",\"deep\":" + new string('[', Depth) + "\"bottom\"" + new string(']', Depth) + "}");
            await TestEvents.AppendAsync(conn, tenant, at.AddMinutes(1), entityId: "deep",
                newValues: "{\"tree\":" + string.Concat(Enumerable.Repeat("{\"a\":", Depth)) + "1" + new string('}', Depth) + "}");
        }
        var clock = Stopwatch.StartNew();

        var shown = await ShowAsOfAsync(tenant, "deep", at.AddMinutes(2), ViewerPrivacy.For("usr_viewer", ["support"], ["$.email"]));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Equal(RecordExistence.Exists, shown.State.Existence);
        Assert.Contains("\"bottom\"", shown.PrettyJson);
        Assert.Contains("\"a\": 1", shown.PrettyJson);
        Assert.DoesNotContain("ann@example.com", shown.PrettyJson);
        Assert.Equal(1, await AsOfViewsAsync(tenant, "deep"));
    }

    [Fact]
    public async Task A_replay_that_fails_records_no_view()
    {
        var tenant = await db.CreateTenantAsync("asof");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddMinutes(-5), entityId: "r1", changeKind: "create", newValues: "{}");
        }
        var reads = new AuditedReads(new SourceContexts(db.ReaderSource), db.ReaderSource);

        // What the page does when a state cannot be shown: the failure escapes the read, before the commit.
        await Assert.ThrowsAsync<InvalidOperationException>(() => reads.ReadAsync<AsOfDisplay>(tenant, Officer,
            _ => new AccessRecord("audit_log.view", "contract", "r1", new Dictionary<string, string?> { ["view"] = "as_of" }),
            async (ctx, ct) =>
            {
                await RecordHistoryQuery.ReadAsync(ctx, tenant, "contract", "r1", DateTimeOffset.UtcNow, ct);
                throw new InvalidOperationException("cannot be shown");
            },
            CancellationToken.None));
        var shown = await ShowAsOfAsync(tenant, "r1", DateTimeOffset.UtcNow, ViewerPrivacy.For("usr_viewer", ["compliance_officer"], []));

        Assert.Equal("{}", shown.PrettyJson);
        Assert.Equal(1, await AsOfViewsAsync(tenant, "r1"));
    }
}
