namespace AuditExplorer.Data.Demo;

/// <summary>The demo tenants: always acme, globex and initech, then tenant-004, tenant-005, ...</summary>
public static class DemoTenantCatalog
{
    /// <summary>The three tenants every demo database has (the demo users are members of them).</summary>
    public const int NamedCount = 3;

    private static readonly string[] PersonalPaths = ["$.customer.email", "$.email", "$.phone"];

    public static IReadOnlyList<DemoTenant> Take(int count)
    {
        if (count < NamedCount)
            throw new ArgumentOutOfRangeException(nameof(count), count, $"at least {NamedCount} tenants (acme, globex, initech are always created)");
        var tenants = new List<DemoTenant>(count)
        {
            new("acme", "Acme Corp", PersonalPaths, "acme.example"),
            new("globex", "Globex", ["$.email"], "globex.example"),
            new("initech", "Initech", [], "initech.example"),
        };
        for (var i = NamedCount + 1; i <= count; i++)
            tenants.Add(new($"tenant-{i:000}", $"Tenant {i:000}", ["$.email"], $"tenant-{i:000}.example"));
        return tenants;
    }
}
