namespace AuditExplorer.Data.Streams;

/// <summary>What the worker needs to deliver one stream, read inside its tenant's scope (with the secret, never listed).</summary>
public sealed record StreamDefinition(
    string TenantId,
    Guid Id,
    string Kind,
    string Settings,
    string? Secret,
    string State,
    StreamFilter Filter,
    string Format,
    string Privacy,
    long Position,
    IReadOnlyList<string> PersonalPaths);
