namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>A signed checkpoint with the cosignatures witnesses gave it, for the Integrity page.</summary>
public sealed record WitnessedCheckpoint(long TreeSize, DateTimeOffset IssuedAt, IReadOnlyList<CheckpointCosignature> Cosignatures);
