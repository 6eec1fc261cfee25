using System.Collections.Concurrent;
using AuditExplorer.Data.Integrity;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>
/// Faults: PostgreSQL is restarted (fast, then immediate shutdown) while writers append and the real sealing
/// loop runs, on a private cluster. Nothing committed is lost or doubled, nothing refused appears, every chain
/// verifies without a gap, and the sealer and the web-side status query recover without being restarted.
/// </summary>
public sealed class PostgresRestartTests
{
    private const int Writers = 4;

    [Fact]
    public async Task Fast_and_immediate_restarts_lose_no_committed_event_and_the_sealer_recovers_on_its_own()
    {
        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var pg = await PrivatePostgresCluster.StartMigratedAsync();
        var tenants = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            var id = $"restart-{i}";
            await pg.ExecuteAsync(pg.ConnectionFor("auditexplorer_owner"),
                $"insert into audit.tenants (tenant_id, display_name) values ('{id}', 'Restart {i}')");
            tenants.Add(id);
        }

        var key = CheckpointSigningKey.Generate("auditexplorer.restart");
        var keyring = new CheckpointKeyring([key.VerifierKey]);
        using var keys = new CheckpointKeys(key, keyring, new InMemorySignedCheckpointRecord());
        var sealerConnection = pg.SourceFor("auditexplorer_sealer");
        var log = new RecordingLogger();
        using var stopSealer = new CancellationTokenSource();
        var sealing = new SealingLoop(new EventSealer(sealerConnection), new CheckpointIssuer(sealerConnection, keys),
            TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1), log).RunAsync(stopSealer.Token);

        // The web side: a pooled reader connection that was used before the restarts.
        var status = new IntegrityStatusQuery(pg.SourceFor("auditexplorer_reader"));
        await status.GetAsync(tenants[0], bound.Token);

        var outcomes = new ConcurrentDictionary<string, Outcome>();
        using var stopWriters = new CancellationTokenSource();
        var writers = Enumerable.Range(0, Writers)
            .Select(w => Task.Run(() => WriteAsync(pg.ConnectionFor("auditexplorer_writer"), tenants[w % tenants.Count], w, outcomes, stopWriters.Token)))
            .ToArray();

        try
        {
            await CommitsGrowAsync(outcomes, 200, bound.Token);
            await pg.RestartAsync("fast");
            await CommitsGrowAsync(outcomes, 200, bound.Token);
            await pg.RestartAsync("immediate");
            var afterRestart = await CommitsGrowAsync(outcomes, 200, bound.Token);
            // The first page view after the restarts, through the pool whose connections the restarts killed, answers.
            await status.GetAsync(tenants[1], bound.Token);
            stopWriters.Cancel();
            await Task.WhenAll(writers);

            // The sealer was never restarted: it must catch up with events written after both restarts.
            await UntilAsync(async () => (await status.GetAsync(tenants[0], bound.Token)).UnsealedCount == 0
                && await QueueEmptyAsync(pg), bound.Token);
            Assert.False(sealing.IsCompleted, "the sealing loop ended instead of retrying");

            var present = await MarkersAsync(pg);
            var doubled = present.GroupBy(m => m).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
            Assert.Empty(doubled);
            var committed = outcomes.Where(o => o.Value == Outcome.Committed).Select(o => o.Key).ToHashSet();
            var refused = outcomes.Where(o => o.Value == Outcome.NotCommitted).Select(o => o.Key).ToHashSet();
            Assert.True(committed.Count >= 600 && afterRestart.Count > 0, $"{committed.Count} commits, {afterRestart.Count} after the restarts");
            Assert.True(refused.Count > 0, "no append failed: the restarts did not hit the writers");
            Assert.Empty(committed.Except(present));
            Assert.Empty(refused.Intersect(present));
            // Present markers beyond the committed ones are commits whose answer the restart cut off.
            Assert.All(present.Except(committed), m => Assert.Equal(Outcome.Unknown, outcomes[m]));
            var sealedMarkers = await SealedMarkersAsync(pg);
            Assert.Empty(afterRestart.Except(sealedMarkers));

            var verifier = new ChainVerifier(pg.SourceFor("auditexplorer_reader"), keyring);
            foreach (var tenant in tenants)
            {
                // Read before verifying: the run's own audit_log.verify event joins the queue.
                var now = await status.GetAsync(tenant, bound.Token);
                Assert.Equal(0, now.UnsealedCount);
                Assert.False(now.SealerStalled);
                var report = await verifier.VerifyAsync(tenant, VerificationMode.Full, new VerificationActor("officer-1", "user"), ct: bound.Token);
                Assert.True(report.Intact, $"{tenant}: {string.Join("; ", report.Findings.Select(f => f.Detail))}");
                Assert.Equal(report.EventsChecked, report.ThroughSeq); // seq 1..n, no gap
                Assert.Equal(report.ThroughSeq, now.ChainLength);
            }
            Assert.Contains(log.Entries, e => e.Level == LogLevel.Error && e.Message.Contains("retrying", StringComparison.Ordinal));
            Assert.Contains(log.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("works again", StringComparison.Ordinal));
        }
        catch (Exception ex) when (ex is not Xunit.Sdk.XunitException)
        {
            throw new InvalidOperationException($"{ex.Message}\n--- sealer log ---\n{string.Join('\n', log.Entries.Select(e => e.Message))}\n--- server log ---\n{pg.ReadLog()}", ex);
        }
        finally
        {
            stopWriters.Cancel();
            stopSealer.Cancel();
            await Task.WhenAll(writers.Append(sealing).Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        }
    }

    private enum Outcome { Attempted, Committed, NotCommitted, Unknown }

    // One event per transaction. An error before COMMIT was sent means it did not commit; an error while
    // committing leaves the outcome unknown (the server may have committed and died before answering).
    private static async Task WriteAsync(string connection, string tenant, int writer, ConcurrentDictionary<string, Outcome> outcomes, CancellationToken stop)
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            var marker = $"w{writer}-{i}";
            outcomes[marker] = Outcome.Attempted;
            var committing = false;
            try
            {
                await using var conn = new NpgsqlConnection(connection);
                await conn.OpenAsync(CancellationToken.None);
                await using var tx = await conn.BeginTransactionAsync(CancellationToken.None);
                await using (var cmd = new NpgsqlCommand(
                    """
                    select audit.append_event($1, 'writer', 'user', 'contract.update', 'update', 'contract', $2,
                           '{"amount": 1}'::jsonb, jsonb_build_object('amount', 2, 'marker', $2::text), jsonb_build_object('request_id', $2::text))
                    """, conn))
                {
                    cmd.Parameters.AddWithValue(tenant);
                    cmd.Parameters.AddWithValue(marker);
                    await cmd.ExecuteScalarAsync(CancellationToken.None);
                }
                committing = true;
                await tx.CommitAsync(CancellationToken.None);
                outcomes[marker] = Outcome.Committed;
            }
            catch (Exception ex) when (ex is NpgsqlException or InvalidOperationException)
            {
                outcomes[marker] = committing ? Outcome.Unknown : Outcome.NotCommitted;
                await Task.Delay(50, CancellationToken.None);
            }
        }
    }

    // Waits until <paramref name="more"/> further appends committed; returns their markers.
    private static async Task<HashSet<string>> CommitsGrowAsync(ConcurrentDictionary<string, Outcome> outcomes, int more, CancellationToken ct)
    {
        var before = outcomes.Where(o => o.Value == Outcome.Committed).Select(o => o.Key).ToHashSet();
        await UntilAsync(() => Task.FromResult(outcomes.Count(o => o.Value == Outcome.Committed) >= before.Count + more), ct);
        return outcomes.Where(o => o.Value == Outcome.Committed).Select(o => o.Key).Except(before).ToHashSet();
    }

    private static async Task UntilAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                if (await condition()) return;
            }
            catch (NpgsqlException)
            {
                // The server may still be coming back: ask again.
            }
            await Task.Delay(100, ct);
        }
    }

    private static async Task<bool> QueueEmptyAsync(PrivatePostgresCluster pg) =>
        (await ListAsync(pg, "select count(*)::text from audit.seal_queue")).Single() == "0";

    private static Task<List<string>> MarkersAsync(PrivatePostgresCluster pg) =>
        ListAsync(pg, "select entity_id from audit.events where action = 'contract.update'");

    private static async Task<HashSet<string>> SealedMarkersAsync(PrivatePostgresCluster pg) =>
        (await ListAsync(pg, "select e.entity_id from audit.events e join audit.seals s on s.tenant_id = e.tenant_id and s.event_id = e.id")).ToHashSet();

    private static async Task<List<string>> ListAsync(PrivatePostgresCluster pg, string sql)
    {
        await using var conn = new NpgsqlConnection(pg.ConnectionFor("postgres"));
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        var list = new List<string>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync()) list.Add(reader.GetString(0));
        return list;
    }
}
