namespace AuditExplorer.Data.Export;

/// <summary>
/// What the snapshot holds for an export: rows to write, selected events left out because no
/// checkpoint covers them, and for a range export its seq span and neighbours.
/// </summary>
internal sealed record ExportPlan(long Rows, long ExcludedUnsealed, long OutsideRange, long? FirstSeq, long? LastSeq, long? BeforeSeq, long? AfterSeq)
{
    public bool IsSeqRange => FirstSeq is not null;

    public ManifestCompleteness Completeness() => new(FirstSeq, LastSeq, BeforeSeq, AfterSeq,
        FirstSeq is null
            ? "No event of this time range is covered by the checkpoint."
            : $"Every event with seq {FirstSeq} to {LastSeq} of this tenant's log is in this package; together they hold every " +
              "checkpointed event that occurred in the time range. Events in that seq span that occurred outside the range " +
              "(written with a back-dated time) are included and counted as outside_range. The neighbouring seqs, which occurred " +
              "outside the range, are in boundaries.jsonl with their proofs, so a removed event shows as a gap and a trimmed edge as a boundary inside the range.");
}
