namespace AuditExplorer.Data.Erasure;

/// <summary>A personal-data path change the store refused (bad path, no reason, unknown path), with a message for the person who asked.</summary>
public sealed class PersonalDataPathRefusedException(string message, string sqlState, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The SQLSTATE the store raised (AE057, AE001, AE009, AE010).</summary>
    public string SqlState { get; } = sqlState;
}
