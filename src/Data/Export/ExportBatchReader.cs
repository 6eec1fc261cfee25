using System.Data;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Reads the exported events through one server-side cursor in the export's transaction (range
/// exports by seq, filtered exports oldest first by (occurred_at, id)), a batch per FETCH. The
/// query is planned and run once, and between fetches the connection is free for the proof reads.
/// With <paramref name="readAhead"/> the next batch is fetched while the caller writes the one it
/// got (the database produces rows while the package encodes them, two cores at work instead of one
/// at a time); the connection is then busy between calls, so only a caller that reads nothing else
/// in the loop may ask for it.
/// </summary>
internal sealed class ExportBatchReader(NpgsqlConnection conn, string tenantId, TimelineFilter filter, long treeSize, ExportPlan plan, int batchSize,
    bool readAhead = false) : IAsyncDisposable
{
    private const string Cursor = "evidence_export";
    private const string Columns = "s.seq, s.prev_hash, s.hash, s.leaf_hash, " + SealLinkColumns.SelectList + ", " + StoredEventColumns.SelectList;

    private bool _opened;
    private bool _done = plan.Rows == 0;
    private Task<List<ExportedEvent>>? _ahead;

    /// <summary>The next batch; empty when all are read. With read-ahead, the fetch of the one after it is under way on return.</summary>
    public async Task<List<ExportedEvent>> NextAsync(CancellationToken ct)
    {
        var batch = _ahead is { } ahead ? await ahead : await FetchAsync(ct);
        _ahead = readAhead && !_done ? FetchAsync(ct) : null;
        return batch;
    }

    private async Task<List<ExportedEvent>> FetchAsync(CancellationToken ct)
    {
        if (_done) return [];
        if (!_opened)
        {
            await using var declare = plan.IsSeqRange ? RangeCursor() : FilteredCursor();
            await declare.ExecuteNonQueryAsync(ct);
            _opened = true;
        }
        var batch = new List<ExportedEvent>(batchSize);
        await using var fetch = new NpgsqlCommand($"fetch forward {batchSize} from {Cursor}", conn);
        await using (var reader = await fetch.ExecuteReaderAsync(CommandBehavior.SequentialAccess, ct))
        {
            while (await reader.ReadAsync(ct))
            {
                var seq = reader.GetInt64(0);
                var prev = (byte[])reader[1];
                var hash = (byte[])reader[2];
                var leaf = (byte[])reader[3];
                var links = SealLinkColumns.Read(reader, 4);
                var e = StoredEventColumns.Read(reader, 7, tenantId)!;
                batch.Add(new ExportedEvent(e, seq, prev, hash, leaf) { Links = links });
            }
        }
        if (batch.Count < batchSize) _done = true;
        return batch;
    }

    /// <summary>Waits for a fetch still under way (the caller stopped early), so the connection is idle when it is closed.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_ahead is not { } ahead) return;
        _ahead = null;
        try
        {
            await ahead;
        }
        catch (Exception)
        {
            // Its failure is not the caller's: the caller is already leaving with its own exception or result.
        }
    }

    private NpgsqlCommand RangeCursor()
    {
        var cmd = new NpgsqlCommand { Connection = conn };
        var tenant = ExportSelection.Add(cmd, tenantId);
        var first = ExportSelection.Add(cmd, plan.FirstSeq!.Value);
        var last = ExportSelection.Add(cmd, plan.LastSeq!.Value);
        cmd.CommandText = $"""
            declare {Cursor} no scroll cursor for
            select {Columns}
            from audit.seals s
            join audit.events e on e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id
            where s.tenant_id = {tenant} and s.seq >= {first} and s.seq <= {last}
            order by s.seq
            """;
        return cmd;
    }

    private NpgsqlCommand FilteredCursor()
    {
        var cmd = new NpgsqlCommand { Connection = conn };
        var size = ExportSelection.Add(cmd, treeSize);
        var where = ExportSelection.Predicate(cmd, tenantId, filter, rangeOnly: false);
        cmd.CommandText = $"""
            declare {Cursor} no scroll cursor for
            select {Columns}
            from audit.events e
            join audit.seals s on s.tenant_id = e.tenant_id and s.event_id = e.id and s.seq <= {size}
            where {where}
            order by e.occurred_at, e.id
            """;
        return cmd;
    }
}
