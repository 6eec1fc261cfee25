namespace AuditExplorer.Data.Streams;

/// <summary>A stream just created, with its destination secret (shown once, never listed again); null when its kind needs none.</summary>
public sealed record CreatedStream(Guid Id, string? Secret);
