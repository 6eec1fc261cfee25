using System.Security.Claims;
using System.Text.Json;
using AuditExplorer.Web.SignIn;
using Microsoft.Extensions.Configuration;

namespace AuditExplorer.Tests.Unit.SignIn;

/// <summary>Roles and tenants under the claim names real providers use (issue 9: officers saw redacted data when roles came as "roles").</summary>
public sealed class ClaimNameListTests
{
    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    private static ClaimNames Configured(params (string Key, string Value)[] settings) =>
        ClaimNames.From(new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create("Claims:" + s.Key, (string?)s.Value))).Build().GetSection("Claims"));

    [Theory]
    [InlineData("role")]
    [InlineData("roles")]
    public void By_default_roles_are_read_from_role_and_from_roles(string claimName)
    {
        var user = ExplorerUser.From(Principal(("sub", "a"), (claimName, "compliance_officer")), new ClaimNames())!;
        Assert.True(user.May(AuditExplorer.Data.Access.Permissions.ExplorerAction.ViewAccessLog));
    }

    [Fact]
    public void Roles_under_several_names_are_merged()
    {
        var user = ExplorerUser.From(Principal(("sub", "a"), ("role", "support"), ("roles", """["auditor","support"]""")), new ClaimNames())!;
        Assert.Equal(["auditor", "support"], user.Roles);
    }

    [Fact]
    public void A_claim_name_not_configured_grants_no_role()
    {
        var names = new ClaimNames { Roles = ["groups"] };
        var user = ExplorerUser.From(Principal(("sub", "a"), ("roles", "compliance_officer"), ("groups", "support")), names)!;
        Assert.Equal(["support"], user.Roles);
        Assert.False(user.May(AuditExplorer.Data.Access.Permissions.ExplorerAction.ViewAccessLog));
    }

    [Fact]
    public void Tenants_may_come_under_several_names_too()
    {
        var names = new ClaimNames { Tenants = ["tenants", "extn.tenants"] };
        var user = ExplorerUser.From(Principal(("sub", "a"), ("tenants", "acme"), ("extn.tenants", """["globex"]""")), names)!;
        Assert.Equal(["acme", "globex"], user.Tenants);
    }

    [Fact]
    public void Configuration_lists_replace_the_defaults()
    {
        var names = Configured(("Roles:0", "groups"), ("Roles:1", "app_roles"), ("Tenants:0", "orgs"));
        Assert.Equal(["groups", "app_roles"], names.Roles);
        Assert.Equal(["orgs"], names.Tenants);
    }

    [Theory]
    [InlineData("groups", new[] { "groups" })]
    [InlineData("roles, groups", new[] { "roles", "groups" })]
    public void Older_configuration_with_one_string_still_works(string value, string[] expected) =>
        Assert.Equal(expected, Configured(("Roles", value), ("Subject", "oid")).Roles);

    [Fact]
    public void Without_configuration_role_and_roles_and_tenants_are_read()
    {
        var names = Configured(("Subject", "oid"));
        Assert.Equal(["role", "roles"], names.Roles);
        Assert.Equal(["tenants"], names.Tenants);
        Assert.Equal("oid", names.Subject);
        Assert.Equal("name", names.Name);
    }

    [Fact]
    public void Userinfo_lists_become_one_claim_per_value_without_repeating_the_id_token()
    {
        var identity = new ClaimsIdentity([new Claim("roles", "support")], "oidc");
        using var userInfo = JsonDocument.Parse("""{"roles":["support","auditor"],"tenants":"acme","name":"Ann"}""");

        new UserInfoListClaimAction("roles").Run(userInfo.RootElement, identity, "idp");
        new UserInfoListClaimAction("tenants").Run(userInfo.RootElement, identity, "idp");
        new UserInfoListClaimAction("groups").Run(userInfo.RootElement, identity, "idp");

        Assert.Equal(["support", "auditor"], identity.FindAll("roles").Select(c => c.Value));
        Assert.Equal(["acme"], identity.FindAll("tenants").Select(c => c.Value));
        Assert.Empty(identity.FindAll("groups"));
    }
}
