using System.Diagnostics;
using System.Runtime.ExceptionServices;
using System.Threading.Channels;
using Npgsql;
using NpgsqlTypes;

namespace AuditExplorer.Data.Demo;

/// <summary>
/// Streams events into the store with binary COPY, one transaction per batch, and queues every
/// event for sealing in the same transaction: a stopped run keeps whole batches only.
/// </summary>
internal static class DemoEventCopier
{
    private const string Columns =
        "(tenant_id, occurred_at, id, recorded_at, actor_id, actor_kind, action, change_kind, entity_type, entity_id, old_values, new_values, context, schema_version)";

    /// <summary>
    /// Generation runs on one thread and fills batches; <paramref name="connections"/> writers load
    /// them in parallel, so the server's COPY and index work is not serialized behind one backend.
    /// </summary>
    public static async Task<long> CopyAsync(IReadOnlyList<NpgsqlConnection> connections, IEnumerable<DemoEvent> events,
        DemoSeedOptions options, Stopwatch clock, Action<DemoSeedProgress>? onProgress, CancellationToken ct)
    {
        var batches = Channel.CreateBounded<DemoEvent[]>(new BoundedChannelOptions(connections.Count) { SingleReader = false, SingleWriter = true });
        long written = 0;
        var progressLock = new Lock();
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var writers = connections.Select(conn => Task.Run(async () =>
        {
            try
            {
                await foreach (var batch in batches.Reader.ReadAllAsync(stop.Token))
                {
                    await CopyBatchAsync(conn, batch, stop.Token);
                    lock (progressLock)
                    {
                        written += batch.Length;
                        onProgress?.Invoke(new DemoSeedProgress(written, options.Events, clock.Elapsed));
                    }
                }
            }
            catch
            {
                // Without this writer the producer could wait forever for room in the channel.
                await stop.CancelAsync();
                throw;
            }
        }, stop.Token)).ToList();

        try
        {
            var buffer = new List<DemoEvent>(options.BatchSize);
            foreach (var e in events)
            {
                buffer.Add(e);
                if (buffer.Count < options.BatchSize) continue;
                await batches.Writer.WriteAsync(buffer.ToArray(), stop.Token);
                buffer.Clear();
            }
            if (buffer.Count > 0) await batches.Writer.WriteAsync(buffer.ToArray(), stop.Token);
            batches.Writer.Complete();
            await Task.WhenAll(writers);
        }
        catch
        {
            await stop.CancelAsync();
            batches.Writer.TryComplete();
            try { await Task.WhenAll(writers); }
            catch (Exception) when (!ct.IsCancellationRequested) { /* the first real failure is rethrown below */ }
            var failure = writers.Where(w => w.IsFaulted).Select(w => w.Exception!.InnerException!)
                .FirstOrDefault(e => e is not OperationCanceledException);
            if (failure is not null) ExceptionDispatchInfo.Throw(failure);
            throw;
        }
        return written;
    }

    private static async Task CopyBatchAsync(NpgsqlConnection conn, DemoEvent[] batch, CancellationToken ct)
    {
        await using var tx = await conn.BeginTransactionAsync(ct);
        var n = 0;
        while (n < batch.Length)
        {
            var month = MonthOf(batch[n]);
            // COPY refuses tables under forced row-level security (audit.events), even for their
            // owner; the monthly partitions carry no policies of their own, so rows go straight
            // to the partition that covers them. Readers still see them only through the parent.
            await using var importer = await conn.BeginBinaryImportAsync(
                $"copy audit.events_{month / 100:0000}_{month % 100:00} {Columns} from stdin (format binary)", ct);
            for (; n < batch.Length && MonthOf(batch[n]) == month; n++)
            {
                if ((n & 4095) == 0) ct.ThrowIfCancellationRequested();
                WriteRow(importer, batch[n]);
            }
            await importer.CompleteAsync(ct);
        }
        await QueueForSealingAsync(conn, batch, ct);
        await tx.CommitAsync(ct);
    }

    private static int MonthOf(DemoEvent e) => e.OccurredAt.Year * 100 + e.OccurredAt.Month;

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

    private static async Task QueueForSealingAsync(NpgsqlConnection conn, DemoEvent[] batch, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "insert into audit.seal_queue (tenant_id, event_id, occurred_at) select * from unnest($1::text[], $2::uuid[], $3::timestamptz[])", conn);
        cmd.Parameters.AddWithValue(batch.Select(e => e.TenantId).ToArray());
        cmd.Parameters.AddWithValue(batch.Select(e => e.Id).ToArray());
        cmd.Parameters.AddWithValue(batch.Select(e => e.OccurredAt).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
