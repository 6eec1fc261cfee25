using System.Security.Claims;
using AuditExplorer.Web.SignIn;

namespace AuditExplorer.Tests.Unit.SignIn;

public sealed class ExplorerUserTests
{
    private static ClaimsPrincipal Principal(params (string Type, string Value)[] claims) =>
        new(new ClaimsIdentity(claims.Select(c => new Claim(c.Type, c.Value)), "oidc"));

    [Fact]
    public void Repeated_claims_become_lists()
    {
        var user = ExplorerUser.From(Principal(("sub", "usr_alice"), ("name", "Alice"), ("tenants", "globex"), ("tenants", "acme"), ("role", "compliance_officer")), new ClaimNames())!;
        Assert.Equal(["acme", "globex"], user.Tenants);
        Assert.Equal(["compliance_officer"], user.Roles);
        Assert.True(user.CanRead("acme"));
        Assert.False(user.CanRead("initech"));
    }

    [Fact]
    public void Json_array_and_space_separated_claims_are_understood()
    {
        var user = ExplorerUser.From(Principal(("sub", "s"), ("tenants", """["acme","globex"]"""), ("groups", "support auditor")),
            new ClaimNames { Roles = ["groups"] })!;
        Assert.Equal(["acme", "globex"], user.Tenants);
        Assert.Equal(["auditor", "support"], user.Roles);
    }

    [Fact]
    public void Claim_names_come_from_configuration()
    {
        var names = new ClaimNames { Subject = "oid", Name = "preferred_username", Tenants = ["extension_tenants"], Roles = ["roles"] };
        var user = ExplorerUser.From(Principal(("oid", "123"), ("preferred_username", "a@b"), ("extension_tenants", "acme"), ("roles", "audit_admin")), names)!;
        Assert.Equal("123", user.SubjectId);
        Assert.Equal("a@b", user.DisplayName);
        Assert.Equal(["acme"], user.Tenants);
        Assert.True(user.HasRole(AuditExplorer.Data.Access.Permissions.ViewerRoles.AuditAdmin));
    }

    [Fact]
    public void Roles_from_claims_decide_what_the_user_may_do()
    {
        var support = ExplorerUser.From(Principal(("sub", "b"), ("role", "support")), new ClaimNames())!;
        var officer = ExplorerUser.From(Principal(("sub", "a"), ("role", "compliance_officer")), new ClaimNames())!;
        Assert.True(support.May(AuditExplorer.Data.Access.Permissions.ExplorerAction.ViewTimelines));
        Assert.False(support.May(AuditExplorer.Data.Access.Permissions.ExplorerAction.ViewAccessLog));
        Assert.True(officer.May(AuditExplorer.Data.Access.Permissions.ExplorerAction.ViewAccessLog));
    }

    [Fact]
    public void Without_a_subject_there_is_no_user()
    {
        Assert.Null(ExplorerUser.From(Principal(("name", "x")), new ClaimNames()));
        Assert.Null(ExplorerUser.From(new ClaimsPrincipal(new ClaimsIdentity()), new ClaimNames()));
    }

    [Fact]
    public void Malformed_json_list_claim_grants_nothing()
    {
        var user = ExplorerUser.From(Principal(("sub", "s"), ("tenants", "[\"acme\"")), new ClaimNames())!;
        Assert.Empty(user.Tenants);
    }

    [Theory]
    [InlineData("/t/acme", "/t/acme")]
    [InlineData("https://evil.example/", "/")]
    [InlineData("//evil.example/", "/")]
    [InlineData("/\\evil.example", "/")]
    [InlineData(null, "/")]
    public void Return_urls_stay_on_this_site(string? returnUrl, string expected) =>
        Assert.Equal(expected, SignInEndpoints.LocalOnly(returnUrl));
}
