namespace AuditExplorer.Data.Store;

/// <summary>Maps a pseudonymous actor id to a person; erasable without touching events.</summary>
public sealed class Subject
{
    public required string TenantId { get; init; }
    public required string SubjectId { get; init; }
    public string? DisplayName { get; init; }
    public string? Email { get; init; }
    public DateTimeOffset? ErasedAt { get; init; }
}
