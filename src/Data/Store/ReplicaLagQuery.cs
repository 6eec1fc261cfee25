using Npgsql;

namespace AuditExplorer.Data.Store;

/// <summary>
/// Measures replica lag on the standby itself, with functions every role may call
/// (pg_is_in_recovery, pg_last_xact_replay_timestamp, pg_last_wal_receive_lsn / _replay_lsn), so the reader role
/// needs no extra grant (pg_stat_replication on the primary would need pg_monitor).
/// </summary>
public sealed class ReplicaLagQuery(NpgsqlDataSource replica)
{
    /// <summary>
    /// The lag now. When every received WAL record is replayed the lag is zero: on an idle primary the last replayed
    /// commit only grows old, which is no lag at all.
    /// </summary>
    public Task<ReplicaLag> ReadAsync(CancellationToken ct = default) =>
        PooledRead.RunAsync(replica, async conn =>
        {
            await using var cmd = new NpgsqlCommand(
                """
                select pg_is_in_recovery(),
                       coalesce(pg_last_wal_receive_lsn() <= pg_last_wal_replay_lsn(), false),
                       pg_last_xact_replay_timestamp(),
                       clock_timestamp() - pg_last_xact_replay_timestamp()
                """, conn);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            await reader.ReadAsync(ct);
            var standby = reader.GetBoolean(0);
            var caughtUp = reader.GetBoolean(1);
            DateTimeOffset? replayed = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2);
            TimeSpan? age = reader.IsDBNull(3) ? null : reader.GetFieldValue<TimeSpan>(3);
            return new ReplicaLag(standby, standby && caughtUp, replayed, !standby ? null : caughtUp ? TimeSpan.Zero : age);
        }, ct);
}
