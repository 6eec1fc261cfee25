using System.Data;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Reads the exported events batch by batch with keyset queries in the export's transaction:
/// range exports by seq, filtered exports oldest first by (occurred_at, id). Between batches the
/// connection is free for the proof reads.
/// </summary>
internal sealed class ExportBatchReader(NpgsqlConnection conn, string tenantId, TimelineFilter filter, long treeSize, ExportPlan plan, int batchSize)
{
    private const string Columns = "s.seq, s.prev_hash, s.hash, s.leaf_hash, " + StoredEventColumns.SelectList;

    private long _afterSeq = (plan.FirstSeq ?? 1) - 1;
    private (DateTimeOffset At, Guid Id)? _after;
    private bool _done = plan.Rows == 0;

    public async Task<List<ExportedEvent>> NextAsync(CancellationToken ct)
    {
        if (_done) return [];
        await using var cmd = plan.IsSeqRange ? RangeCommand() : FilteredCommand();
        var batch = new List<ExportedEvent>(batchSize);
        await using (var reader = await cmd.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var seq = reader.GetInt64(0);
                var prev = (byte[])reader[1];
                var hash = (byte[])reader[2];
                var leaf = (byte[])reader[3];
                var e = StoredEventColumns.Read(reader, 4, tenantId)!;
                batch.Add(new ExportedEvent(e, seq, prev, hash, leaf));
            }
        }
        if (batch.Count < batchSize) _done = true;
        if (batch.Count > 0)
        {
            _afterSeq = batch[^1].Seq;
            _after = (batch[^1].Event.OccurredAt, batch[^1].Event.Id);
        }
        return batch;
    }

    private NpgsqlCommand RangeCommand()
    {
        var cmd = new NpgsqlCommand { Connection = conn };
        var tenant = ExportSelection.Add(cmd, tenantId);
        var after = ExportSelection.Add(cmd, _afterSeq);
        var last = ExportSelection.Add(cmd, plan.LastSeq!.Value);
        var limit = ExportSelection.Add(cmd, batchSize);
        cmd.CommandText = $"""
            select {Columns}
            from audit.seals s
            join audit.events e on e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id
            where s.tenant_id = {tenant} and s.seq > {after} and s.seq <= {last}
            order by s.seq
            limit {limit}
            """;
        return cmd;
    }

    private NpgsqlCommand FilteredCommand()
    {
        var cmd = new NpgsqlCommand { Connection = conn };
        var size = ExportSelection.Add(cmd, treeSize);
        var where = ExportSelection.Predicate(cmd, tenantId, filter, rangeOnly: false);
        if (_after is { } k)
            where += $" and (e.occurred_at, e.id) > ({ExportSelection.Add(cmd, k.At)}, {ExportSelection.Add(cmd, k.Id)})";
        var limit = ExportSelection.Add(cmd, batchSize);
        cmd.CommandText = $"""
            select {Columns}
            from audit.events e
            join audit.seals s on s.tenant_id = e.tenant_id and s.event_id = e.id and s.seq <= {size}
            where {where}
            order by e.occurred_at, e.id
            limit {limit}
            """;
        return cmd;
    }
}
