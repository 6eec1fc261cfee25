using System.Security.Claims;
using System.Text.Json;
using AuditExplorer.Data.Access.Permissions;

namespace AuditExplorer.Web.SignIn;

/// <summary>The signed-in person as the explorer sees them: who, which roles, which tenants.</summary>
public sealed record ExplorerUser(string SubjectId, string DisplayName, string? Email,
    IReadOnlyList<string> Roles, IReadOnlyList<string> Tenants)
{
    public bool CanRead(string tenantId) => Tenants.Contains(tenantId, StringComparer.Ordinal);

    /// <summary>Whether the permission matrix lets this person do the action at all (redacted or in full).</summary>
    public bool May(ExplorerAction action) => PermissionMatrix.Allows(Roles, action);

    public bool HasRole(string role) => Roles.Contains(role, StringComparer.Ordinal);

    /// <summary>
    /// Claim type of the roles as the explorer understood them at sign-in (one claim per role, from
    /// every configured claim name), so <c>IsInRole</c> and role policies agree with <see cref="Roles"/>.
    /// </summary>
    public const string RoleClaimType = "explorer_role";

    /// <summary>
    /// Reads the user from token claims. Identity providers send lists as repeated claims, as a
    /// JSON array in one claim, or space/comma separated; all three are accepted, under every
    /// claim name configured for roles and for tenants.
    /// </summary>
    public static ExplorerUser? From(ClaimsPrincipal principal, ClaimNames names)
    {
        if (principal.Identity?.IsAuthenticated != true) return null;
        var subject = principal.FindFirst(names.Subject)?.Value;
        if (string.IsNullOrEmpty(subject)) return null;
        var name = principal.FindFirst(names.Name)?.Value;
        return new ExplorerUser(subject, string.IsNullOrEmpty(name) ? subject : name,
            principal.FindFirst(names.Email)?.Value, ListClaim(principal, names.Roles), ListClaim(principal, names.Tenants));
    }

    private static List<string> ListClaim(ClaimsPrincipal principal, IReadOnlyList<string> types) =>
        principal.Claims.Where(c => types.Contains(c.Type, StringComparer.Ordinal)).SelectMany(c => Split(c.Value)).Where(v => v.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    private static IEnumerable<string> Split(string value)
    {
        var trimmed = value.Trim();
        if (trimmed.StartsWith('['))
        {
            try
            {
                return JsonSerializer.Deserialize<string[]>(trimmed) ?? [];
            }
            catch (JsonException)
            {
                return [];
            }
        }
        return trimmed.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }
}
