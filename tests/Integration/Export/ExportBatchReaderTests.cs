using System.Data;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Export;

[Collection(StoreCollection.Name)]
public sealed class ExportBatchReaderTests(PostgresFixture db)
{
    private const int Events = 2_000;
    private const int Batch = 1_000;

    [Fact]
    public async Task Leaving_while_the_next_batch_is_read_ahead_waits_for_it_so_the_connection_is_free()
    {
        var tenant = await db.CreateTenantAsync("rah");
        await using (var writer = new NpgsqlConnection(db.Writer))
        {
            await writer.OpenAsync();
            var t0 = new DateTimeOffset(2026, 2, 1, 8, 0, 0, TimeSpan.Zero);
            for (var i = 0; i < Events; i++) await TestEvents.AppendAsync(writer, tenant, t0.AddMinutes(i), newValues: $$"""{"n":{{i}}}""");
        }
        await new EventSealer(db.SealerSource).SealPendingAsync(tenant);

        await using var conn = await db.ReaderSource.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync(IsolationLevel.RepeatableRead);
        await TenantScope.SetAsync(conn, tenant, default);
        var reader = new ExportBatchReader(conn, tenant, new TimelineFilter(), Events, new ExportPlan(Events, 0, 0, 1, Events, null, null), Batch, readAhead: true);

        var first = await reader.NextAsync(default);
        // The second batch's FETCH was sent as the first returned; leaving now must not leave it running.
        await reader.DisposeAsync();
        await using var probe = new NpgsqlCommand("select 1", conn);

        Assert.Equal(1, await probe.ExecuteScalarAsync());
        Assert.Equal(Enumerable.Range(1, Batch).Select(i => (long)i), first.Select(r => r.Seq));
    }
}
