namespace AuditExplorer.Data.Access;

/// <summary>Where a viewer's requests come from; copied into the context of access events.</summary>
public sealed record ViewerRequest(
    string? RequestId,
    string? SessionId,
    string? Ip,
    string? UserAgent,
    string? AuthMethod,
    string? ClientApp);
