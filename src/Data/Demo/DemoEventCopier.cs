using System.Diagnostics;
using Npgsql;
using NpgsqlTypes;

namespace AuditExplorer.Data.Demo;

/// <summary>
/// Streams events into the store with binary COPY, one transaction per batch, and queues every
/// event for sealing in the same transaction.
/// </summary>
internal static class DemoEventCopier
{
    private const string Columns =
        "(tenant_id, occurred_at, id, recorded_at, actor_id, actor_kind, action, change_kind, entity_type, entity_id, old_values, new_values, context, schema_version)";

    public static async Task<long> CopyAsync(NpgsqlConnection conn, IEnumerable<DemoEvent> events, DemoSeedOptions options,
        Stopwatch clock, Action<DemoSeedProgress>? onProgress, CancellationToken ct)
    {
        var tenants = new string[options.BatchSize];
        var ids = new Guid[options.BatchSize];
        var times = new DateTime[options.BatchSize];
        long written = 0;
        var lastReport = clock.Elapsed;
        using var source = events.GetEnumerator();
        var more = source.MoveNext();
        while (more)
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var n = 0;
            while (more && n < options.BatchSize)
            {
                var month = source.Current.OccurredAt.Year * 100 + source.Current.OccurredAt.Month;
                // COPY refuses tables under forced row-level security (audit.events), even for their
                // owner; the monthly partitions carry no policies of their own, so rows go straight
                // to the partition that covers them. Readers still see them only through the parent.
                await using var importer = await conn.BeginBinaryImportAsync(
                    $"copy audit.events_{month / 100:0000}_{month % 100:00} {Columns} from stdin (format binary)", ct);
                while (more && n < options.BatchSize && source.Current.OccurredAt.Year * 100 + source.Current.OccurredAt.Month == month)
                {
                    var e = source.Current;
                    WriteRow(importer, e);
                    tenants[n] = e.TenantId;
                    ids[n] = e.Id;
                    times[n] = e.OccurredAt;
                    n++;
                    if ((n & 1023) == 0 && onProgress is not null && clock.Elapsed - lastReport > TimeSpan.FromMilliseconds(250))
                    {
                        ct.ThrowIfCancellationRequested();
                        lastReport = clock.Elapsed;
                        onProgress(new DemoSeedProgress(written + n, options.Events, lastReport));
                    }
                    more = source.MoveNext();
                }
                await importer.CompleteAsync(ct);
            }
            await QueueForSealingAsync(conn, tenants, ids, times, n, ct);
            await tx.CommitAsync(ct);
            written += n;
            onProgress?.Invoke(new DemoSeedProgress(written, options.Events, clock.Elapsed));
            ct.ThrowIfCancellationRequested();
        }
        return written;
    }

    private static void WriteRow(NpgsqlBinaryImporter importer, DemoEvent e)
    {
        importer.StartRow();
        importer.Write(e.TenantId, NpgsqlDbType.Text);
        importer.Write(e.OccurredAt, NpgsqlDbType.TimestampTz);
        importer.Write(e.Id, NpgsqlDbType.Uuid);
        // A live writer records the event a few milliseconds after it happened.
        importer.Write(e.OccurredAt.AddTicks(40_000 + (e.Id.GetHashCode() & 0x7FFF) * 10L), NpgsqlDbType.TimestampTz);
        importer.Write(e.ActorId, NpgsqlDbType.Text);
        importer.Write(e.ActorKind, NpgsqlDbType.Text);
        importer.Write(e.Action, NpgsqlDbType.Text);
        importer.Write(e.ChangeKind, NpgsqlDbType.Text);
        importer.Write(e.EntityType, NpgsqlDbType.Text);
        importer.Write(e.EntityId, NpgsqlDbType.Text);
        WriteJson(importer, e.OldValues);
        WriteJson(importer, e.NewValues);
        importer.Write(e.Context, NpgsqlDbType.Jsonb);
        importer.Write(1, NpgsqlDbType.Integer);
    }

    private static void WriteJson(NpgsqlBinaryImporter importer, string? json)
    {
        if (json is null) importer.WriteNull();
        else importer.Write(json, NpgsqlDbType.Jsonb);
    }

    private static async Task QueueForSealingAsync(NpgsqlConnection conn, string[] tenants, Guid[] ids, DateTime[] times, int n, CancellationToken ct)
    {
        if (n == 0) return;
        await using var cmd = new NpgsqlCommand(
            "insert into audit.seal_queue (tenant_id, event_id, occurred_at) select * from unnest($1::text[], $2::uuid[], $3::timestamptz[])", conn);
        cmd.Parameters.AddWithValue(n == tenants.Length ? tenants : tenants[..n]);
        cmd.Parameters.AddWithValue(n == ids.Length ? ids : ids[..n]);
        cmd.Parameters.AddWithValue(n == times.Length ? times : times[..n]);
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
