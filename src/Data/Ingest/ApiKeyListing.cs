namespace AuditExplorer.Data.Ingest;

/// <summary>One API key as the API keys page lists it (never its secret).</summary>
public sealed record ApiKeyListing(
    string KeyId,
    string Label,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    string? RevokedBy,
    DateTimeOffset? RevokedAt)
{
    public bool Active => RevokedAt is null;
}
