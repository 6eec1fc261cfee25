namespace AuditExplorer.Data.Integrity;

/// <summary>Full: the whole chain from seq 1. Incremental: from the last checkpoint an intact run proved.</summary>
public enum VerificationMode
{
    Full,
    Incremental,
}
