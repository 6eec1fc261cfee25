namespace AuditExplorer.Data.Ingest;

/// <summary>
/// A batch the ingest API refuses, with the write contract's code (AE…, docs/writing-events.md) or the
/// API's own (IDEMPOTENCY_MISMATCH), and the 0-based index of the offending event when one is to blame.
/// Nothing of a refused batch is appended.
/// </summary>
public sealed class IngestRejectedException(string code, string message, int? eventIndex = null, bool conflict = false) : Exception(message)
{
    /// <summary>SQLSTATE of the write contract, or an API code.</summary>
    public string Code { get; } = code;

    /// <summary>Which element of the batch was refused, when the refusal is about one element.</summary>
    public int? EventIndex { get; } = eventIndex;

    /// <summary>True when the request conflicts with an earlier one (same Idempotency-Key, other body).</summary>
    public bool Conflict { get; } = conflict;
}
