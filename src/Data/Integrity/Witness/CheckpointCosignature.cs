namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// One witness cosignature on a checkpoint as the Integrity page shows it: the witness name, its key label
/// "name+keyid", the witness's own time, and whether it verified against a configured trusted witness key.
/// </summary>
public sealed record CheckpointCosignature(string WitnessName, string KeyLabel, DateTimeOffset CosignedAt, bool Trusted);
