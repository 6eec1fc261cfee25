namespace AuditExplorer.Web.Layout;

/// <summary>Reads the tenant out of a tenant-scoped path (<c>t/{tenant}/...</c>).</summary>
public static class TenantRoute
{
    public static string? TenantOf(string relativePath)
    {
        var path = relativePath.Split('?', '#')[0];
        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && parts[0] == "t" ? Uri.UnescapeDataString(parts[1]) : null;
    }
}
