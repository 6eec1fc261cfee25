namespace AuditExplorer.Data.Streams;

/// <summary>A stream as the Streams page lists it: never its secret.</summary>
/// <param name="Position">The last seq the destination accepted.</param>
/// <param name="Lag">Sealed events not yet delivered: the tenant's last sealed seq minus <paramref name="Position"/>.</param>
/// <param name="OldestUndeliveredAt">When the first undelivered event was sealed; null when the stream is caught up.</param>
public sealed record StreamListing(
    Guid Id,
    string Name,
    string Kind,
    string Settings,
    string State,
    string Filter,
    string Format,
    string Privacy,
    long Position,
    long Lag,
    DateTimeOffset? OldestUndeliveredAt,
    string? LastError,
    DateTimeOffset? FailingSince,
    DateTimeOffset? LastDeliveredAt,
    string CreatedBy,
    DateTimeOffset CreatedAt);
