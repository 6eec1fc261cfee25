using System.Diagnostics;
using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Bench.Integrity;

/// <summary>Concurrent writers calling the write contract, one event per transaction, while a sealer loop runs.</summary>
internal static class WriterLoad
{
    private const int Writers = 8;

    /// <summary>Paced writers at <paramref name="perSecond"/> events/s; reports the delay from commit to sealed.</summary>
    public static async Task CommitToSealedAsync(BenchDatabase db, int perSecond, TimeSpan duration)
    {
        var tenants = await db.CreateTenantsAsync("paced", 10);
        using var stop = new CancellationTokenSource();
        var sealerLoop = SealContinuouslyAsync(db, stop.Token);
        var clock = Stopwatch.StartNew();
        var perWriter = perSecond / Writers;
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await using var conn = new NpgsqlConnection(db.As("auditexplorer_writer"));
            await conn.OpenAsync();
            long sent = 0;
            while (clock.Elapsed < duration)
            {
                var due = (long)(clock.Elapsed.TotalSeconds * perWriter);
                for (; sent < due; sent++) await AppendAsync(conn, tenants[(int)((sent + w) % tenants.Length)]);
                await Task.Delay(2);
            }
            return sent;
        })).ToArray();
        var total = (await Task.WhenAll(writers)).Sum();
        await Task.Delay(1500);
        stop.Cancel();
        await sealerLoop;

        await using var conn = new NpgsqlConnection(db.As("auditexplorer_owner"));
        await conn.OpenAsync();
        // recorded_at is taken inside the writer's transaction, which commits right after.
        await using var cmd = new NpgsqlCommand(
            """
            select count(*),
                   percentile_cont(0.5) within group (order by extract(epoch from s.sealed_at - e.recorded_at)),
                   percentile_cont(0.99) within group (order by extract(epoch from s.sealed_at - e.recorded_at)),
                   max(extract(epoch from s.sealed_at - e.recorded_at))
            from audit.seals s join audit.events e on e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id
            where s.tenant_id like 'paced-%'
            """, conn);
        await using var r = await cmd.ExecuteReaderAsync();
        await r.ReadAsync();
        Console.WriteLine($"| commit to sealed at {total / duration.TotalSeconds:N0} events/s ({r.GetInt64(0):N0} sealed of {total:N0}) | p50 {r.GetDouble(1) * 1000:0} ms, p99 {r.GetDouble(2) * 1000:0} ms, max {Convert.ToDouble(r.GetValue(3)) * 1000:0} ms | |");
    }

    /// <summary>Unpaced writers for <paramref name="duration"/>; returns committed transactions per second.</summary>
    public static async Task<double> ThroughputAsync(BenchDatabase db, string[] tenants, TimeSpan duration, bool withSealer = true)
    {
        using var stop = new CancellationTokenSource();
        var sealerLoop = withSealer ? SealContinuouslyAsync(db, stop.Token) : Task.CompletedTask;
        var clock = Stopwatch.StartNew();
        var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            await using var conn = new NpgsqlConnection(db.As("auditexplorer_writer"));
            await conn.OpenAsync();
            long sent = 0;
            while (clock.Elapsed < duration) await AppendAsync(conn, tenants[(int)(sent++ * Writers + w) % tenants.Length]);
            return sent;
        })).ToArray();
        var total = (await Task.WhenAll(writers)).Sum();
        var elapsed = clock.Elapsed.TotalSeconds;
        stop.Cancel();
        await sealerLoop;
        return total / elapsed;
    }

    private static async Task SealContinuouslyAsync(BenchDatabase db, CancellationToken stop)
    {
        var sealer = new EventSealer(db.Source("auditexplorer_sealer"));
        while (!stop.IsCancellationRequested)
        {
            var result = await sealer.SealPendingAsync(batchSize: 10_000);
            if (result.EventsSealed == 0)
            {
                try
                {
                    await Task.Delay(50, stop);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private static async Task AppendAsync(NpgsqlConnection conn, string tenant)
    {
        await using var tx = await conn.BeginTransactionAsync();
        await using var cmd = new NpgsqlCommand(
            """
            select audit.append_event($1, 'u42', 'user', 'contract.update', 'update', 'contract', '42',
                   '{"amount": 1200, "status": "draft"}', '{"amount": 1350, "status": "active"}', '{"request_id": "r-1"}')
            """, conn, tx);
        cmd.Parameters.AddWithValue(tenant);
        await cmd.ExecuteScalarAsync();
        await tx.CommitAsync();
    }
}
