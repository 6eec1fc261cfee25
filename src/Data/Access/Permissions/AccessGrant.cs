namespace AuditExplorer.Data.Access.Permissions;

/// <summary>What the matrix says about one role and one action. Ordered: a larger grant allows more.</summary>
public enum AccessGrant
{
    /// <summary>Not allowed: the page answers 403 and the data core reads nothing.</summary>
    Refused = 0,
    /// <summary>Allowed, with personal data (tenant personal paths, other people's names, network details) redacted.</summary>
    Redacted = 1,
    /// <summary>Allowed in full.</summary>
    Full = 2,
}
