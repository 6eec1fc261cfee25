namespace AuditExplorer.Data.Retention;

/// <summary>A legal hold as stored: what it covers, who placed it, when and why, and its release if any.</summary>
public sealed record LegalHold(Guid HoldId, string Scope, string? EntityType, string? EntityId, string? ActorId, string? CaseId,
    string Reason, string PlacedBy, DateTimeOffset PlacedAt, string? ReleasedBy, DateTimeOffset? ReleasedAt, string? ReleaseReason)
{
    public bool Active => ReleasedAt is null;

    /// <summary>What the hold covers, as one line of text.</summary>
    public string Covers => Scope switch
    {
        LegalHoldScope.Record => $"record {EntityType}/{EntityId}",
        LegalHoldScope.Actor => $"actor {ActorId}",
        LegalHoldScope.Case => $"case {CaseId}",
        _ => "the whole tenant",
    };
}
