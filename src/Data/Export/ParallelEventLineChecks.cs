using System.Runtime.ExceptionServices;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Runs <see cref="EventLineCheck"/> over events.jsonl on the thread pool, a batch of lines at a time,
/// and hands the results back in file order, so the checks that need order (chain, seq, proofs, CSV)
/// stay on the caller's thread. Parsing is most of a verification's work and every line parses on its
/// own, so this is where a second core helps. Memory stays bounded: a few batches of bounded size are in flight.
/// </summary>
internal sealed class ParallelEventLineChecks(LineReader lines, string tenantId)
{
    private const int BatchLines = 2048;
    private const long BatchBytes = 4 << 20;
    private static readonly int InFlight = Math.Max(2, 2 * Environment.ProcessorCount);

    public IEnumerable<CheckedEventLine> Run(CancellationToken ct)
    {
        var pending = new Queue<Task<CheckedEventLine[]>>();
        ExceptionDispatchInfo? stopped = null;
        var ended = false;
        while (true)
        {
            while (!ended && stopped is null && pending.Count < InFlight)
            {
                var batch = NextBatch(ref stopped, ct);
                if (batch.Count == 0)
                {
                    ended = true;
                    break;
                }
                pending.Enqueue(Task.Run(() => Check(batch), ct));
            }
            if (pending.Count == 0) break;
            // Synchronous like the verifier itself (the CLI and the retention job's background task call it, never a
            // component). A batch no pool thread has started yet can be run inline by this wait, so a busy pool slows it down rather than stalling it.
            foreach (var line in pending.Dequeue().GetAwaiter().GetResult()) yield return line;
        }
        stopped?.Throw();
    }

    /// <summary>
    /// The next lines; a line over the limit or a corrupt stream ends the batch and is kept in
    /// <paramref name="stopped"/>, thrown once the lines before it are reported, as a reader going line by line would.
    /// </summary>
    private List<(long, byte[])> NextBatch(ref ExceptionDispatchInfo? stopped, CancellationToken ct)
    {
        var batch = new List<(long, byte[])>(BatchLines);
        long bytes = 0;
        try
        {
            while (batch.Count < BatchLines && bytes < BatchBytes && lines.Next() is { } line)
            {
                ct.ThrowIfCancellationRequested();
                batch.Add((lines.LineNumber, line));
                bytes += line.Length;
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            stopped = ExceptionDispatchInfo.Capture(ex);
        }
        return batch;
    }

    private CheckedEventLine[] Check(List<(long LineNo, byte[] Line)> batch)
    {
        var check = new EventLineCheck(tenantId);
        var results = new CheckedEventLine[batch.Count];
        for (var i = 0; i < batch.Count; i++) results[i] = check.Check(batch[i].LineNo, batch[i].Line);
        return results;
    }
}
