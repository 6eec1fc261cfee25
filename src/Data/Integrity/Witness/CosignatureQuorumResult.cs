namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// The outcome of <see cref="CosignatureQuorum.Check"/>: met or not, whether a trusted witness's line failed to
/// verify (an altered note, as opposed to too few witnesses), the valid cosignatures, and why not.
/// </summary>
public sealed record CosignatureQuorumResult(bool Met, bool Invalid, IReadOnlyList<CheckpointCosignature> Valid, string? Problem);
