using AuditExplorer.Data.Access.Permissions;
using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Tests.Unit.Redaction;

public class RedactionPolicyTests
{
    private static readonly string[] Paths = ["$.customer.email"];

    [Theory]
    [InlineData(ViewerRoles.ComplianceOfficer)]
    [InlineData(ViewerRoles.Auditor)]
    public void Compliance_roles_see_personal_data_in_full(string role)
    {
        var policy = RedactionPolicy.ForViewer([ViewerRoles.Support, role], Paths);

        Assert.False(policy.IsRedacting);
    }

    [Theory]
    [InlineData(ViewerRoles.Support)]
    [InlineData(ViewerRoles.AuditAdmin)]
    public void Support_and_audit_admins_see_personal_data_redacted(string role)
    {
        var policy = RedactionPolicy.ForViewer([role], Paths);

        Assert.True(policy.IsRedacting);
        Assert.Equal(Paths, policy.PersonalPaths);
    }

    [Fact]
    public void Unknown_or_missing_roles_fail_closed_to_redaction()
    {
        Assert.True(RedactionPolicy.ForViewer(["intern"], Paths).IsRedacting);
        Assert.True(RedactionPolicy.ForViewer([], Paths).IsRedacting);
        Assert.True(RedactionPolicy.ForViewer(["Compliance_Officer"], Paths).IsRedacting);
    }

    [Fact]
    public void Policies_with_the_same_paths_are_equal()
    {
        Assert.Equal(RedactionPolicy.Redacting(["$.a", "$.b"]), RedactionPolicy.Redacting(new List<string> { "$.a", "$.b" }));
        Assert.NotEqual(RedactionPolicy.Redacting(["$.a"]), RedactionPolicy.Redacting(["$.b"]));
        Assert.NotEqual(RedactionPolicy.Redacting([]), RedactionPolicy.FullView);
    }
}
