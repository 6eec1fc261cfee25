namespace AuditExplorer.Data.Ingest;

/// <summary>The ids of an accepted batch's events, in order; <see cref="Replayed"/> when an earlier request with the same Idempotency-Key had already appended them.</summary>
public sealed record IngestResult(IReadOnlyList<Guid> EventIds, bool Replayed);
