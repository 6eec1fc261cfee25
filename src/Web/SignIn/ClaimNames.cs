namespace AuditExplorer.Web.SignIn;

/// <summary>
/// Which token claims carry the subject, name, email, roles and tenants (configuration section "Claims").
/// Roles and tenants are lists of claim names, because providers disagree (<c>role</c>, <c>roles</c>, <c>groups</c>).
/// </summary>
public sealed class ClaimNames
{
    public string Subject { get; set; } = "sub";
    public string Name { get; set; } = "name";
    public string Email { get; set; } = "email";
    /// <summary>Every claim name whose values are roles; all are read and merged.</summary>
    public IReadOnlyList<string> Roles { get; set; } = ["role", "roles"];
    /// <summary>Every claim name whose values are tenant ids; all are read and merged.</summary>
    public IReadOnlyList<string> Tenants { get; set; } = ["tenants"];

    /// <summary>
    /// Reads the section. Roles and Tenants may be a JSON list or, as older configuration had it,
    /// one string (also comma or space separated): <c>"Roles": "groups"</c>, <c>Claims__Roles=groups</c>.
    /// </summary>
    public static ClaimNames From(IConfiguration section)
    {
        var names = new ClaimNames();
        if (section["Subject"] is { Length: > 0 } subject) names.Subject = subject;
        if (section["Name"] is { Length: > 0 } name) names.Name = name;
        if (section["Email"] is { Length: > 0 } email) names.Email = email;
        names.Roles = NameList(section.GetSection("Roles")) ?? names.Roles;
        names.Tenants = NameList(section.GetSection("Tenants")) ?? names.Tenants;
        return names;
    }

    // The binder would append configured items to the defaults and ignore a plain string; read by hand instead.
    private static string[]? NameList(IConfigurationSection section)
    {
        var values = section.Value is { } single ? [single] : section.GetChildren().Select(c => c.Value ?? "");
        var list = values.SelectMany(v => v.Split([' ', ','], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal).ToArray();
        return list.Length > 0 ? list : null;
    }
}
