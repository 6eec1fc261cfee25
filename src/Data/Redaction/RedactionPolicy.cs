using AuditExplorer.Data.Access.Permissions;

namespace AuditExplorer.Data.Redaction;

/// <summary>Whether a viewer's personal-data view is redacted, and which JSON paths of the tenant are personal.</summary>
/// <param name="IsRedacting">True when values at <paramref name="PersonalPaths"/> must be hidden.</param>
/// <param name="PersonalPaths">The tenant's personal paths, e.g. <c>$.customer.email</c> or <c>$..email</c>.</param>
public sealed record RedactionPolicy(bool IsRedacting, IReadOnlyList<string> PersonalPaths)
{
    /// <summary>Everything shown in full.</summary>
    public static RedactionPolicy FullView { get; } = new(false, []);

    /// <summary>Values at the given paths hidden.</summary>
    public static RedactionPolicy Redacting(IEnumerable<string> personalPaths) => new(true, [.. personalPaths]);

    /// <summary>
    /// The policy for a viewer: full view only for roles the permission matrix grants event details in full
    /// (compliance officers, auditors); redacted for everyone else, including roles this code does not know.
    /// </summary>
    public static RedactionPolicy ForViewer(IEnumerable<string> viewerRoles, IEnumerable<string> tenantPersonalPaths)
    {
        ArgumentNullException.ThrowIfNull(viewerRoles);
        ArgumentNullException.ThrowIfNull(tenantPersonalPaths);
        return PermissionMatrix.For(viewerRoles, ExplorerAction.ViewEventDetail) == AccessGrant.Full
            ? FullView
            : Redacting(tenantPersonalPaths);
    }

    /// <summary>Equal when both redact (or not) the same paths, so a re-created policy does not force recomputation.</summary>
    public bool Equals(RedactionPolicy? other) =>
        other is not null && IsRedacting == other.IsRedacting && PersonalPaths.SequenceEqual(other.PersonalPaths, StringComparer.Ordinal);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(IsRedacting, PersonalPaths.Count);
}
