namespace AuditExplorer.Bench;

/// <summary>What one benchmark transaction does.</summary>
internal enum TransactionShape
{
    /// <summary>BEGIN; UPDATE contracts; COMMIT.</summary>
    Plain,
    /// <summary>BEGIN; UPDATE contracts; SELECT audit.append_event(...); COMMIT (prepared statements).</summary>
    Audited,
    /// <summary>The same through AuditedTransaction.RunAsync and AuditAppender.</summary>
    Library,
}
