namespace AuditExplorer.Data.Integrity;

/// <summary>Totals of one <see cref="EventSealer.SealPendingAsync"/> pass over the seal queue, and tenants that failed.</summary>
public sealed record SealingResult(long EventsSealed, int Batches, int Tenants, bool Busy, TimeSpan Elapsed, IReadOnlyList<SealingFailure> Failures)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsSealed / Elapsed.TotalSeconds : 0;
}
