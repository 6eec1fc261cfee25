namespace AuditExplorer.Data.Demo;

/// <summary>A user invited into a demo tenant (the subject of user.* events, with personal data).</summary>
internal sealed class TeamMember
{
    public required string Id { get; init; }
    /// <summary>Escaped JSON literals.</summary>
    public required string Name { get; init; }
    public required string Email { get; set; }
    public required string Phone { get; set; }
    public required string Role { get; set; }
}
