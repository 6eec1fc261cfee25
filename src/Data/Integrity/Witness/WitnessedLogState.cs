namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>The latest checkpoint a witness cosigned for one log origin.</summary>
public sealed record WitnessedLogState(string Origin, long TreeSize, byte[] RootHash);
