namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// One witness cosignature on a checkpoint: the witness name, its key label "name+keyid", the witness's own
/// time, and how it checks out against the trusted witness keys.
/// </summary>
public sealed record CheckpointCosignature(string WitnessName, string KeyLabel, DateTimeOffset CosignedAt, CosignatureStatus Status);
