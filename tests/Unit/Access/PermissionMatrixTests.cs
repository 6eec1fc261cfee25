using AuditExplorer.Data.Access.Permissions;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Tests.Unit.Access;

public class PermissionMatrixTests
{
    [Theory]
    [InlineData(ViewerRoles.ComplianceOfficer, ExplorerAction.ViewEventDetail, AccessGrant.Full)]
    [InlineData(ViewerRoles.Support, ExplorerAction.ViewEventDetail, AccessGrant.Redacted)]
    [InlineData(ViewerRoles.Support, ExplorerAction.ViewAccessLog, AccessGrant.Refused)]
    [InlineData(ViewerRoles.Support, ExplorerAction.SearchValues, AccessGrant.Refused)]
    [InlineData(ViewerRoles.Support, ExplorerAction.Export, AccessGrant.Refused)]
    [InlineData(ViewerRoles.Support, ExplorerAction.ViewIntegrity, AccessGrant.Refused)]
    [InlineData(ViewerRoles.Auditor, ExplorerAction.DownloadOwnExport, AccessGrant.Full)]
    [InlineData(ViewerRoles.Auditor, ExplorerAction.DownloadAnyExport, AccessGrant.Refused)]
    [InlineData(ViewerRoles.AuditAdmin, ExplorerAction.ManageSettings, AccessGrant.Full)]
    [InlineData(ViewerRoles.AuditAdmin, ExplorerAction.ViewTimelines, AccessGrant.Redacted)]
    [InlineData(ViewerRoles.ComplianceOfficer, ExplorerAction.ManageSettings, AccessGrant.Refused)]
    [InlineData(ViewerRoles.ComplianceOfficer, ExplorerAction.EraseSubject, AccessGrant.Full)]
    [InlineData(ViewerRoles.Support, ExplorerAction.EraseSubject, AccessGrant.Refused)]
    [InlineData(ViewerRoles.Auditor, ExplorerAction.EraseSubject, AccessGrant.Refused)]
    [InlineData(ViewerRoles.AuditAdmin, ExplorerAction.EraseSubject, AccessGrant.Refused)]
    public void Each_role_gets_the_grant_docs_security_md_states(string role, ExplorerAction action, AccessGrant expected) =>
        Assert.Equal(expected, PermissionMatrix.For(role, action));

    [Fact]
    public void Unknown_roles_and_case_variants_get_nothing()
    {
        foreach (var action in Enum.GetValues<ExplorerAction>())
        {
            Assert.Equal(AccessGrant.Refused, PermissionMatrix.For(["intern", "Compliance_Officer", ""], action));
            Assert.Equal(AccessGrant.Refused, PermissionMatrix.For([], action));
        }
    }

    [Fact]
    public void Several_roles_get_the_largest_grant_of_any()
    {
        Assert.Equal(AccessGrant.Full, PermissionMatrix.For([ViewerRoles.Support, ViewerRoles.ComplianceOfficer], ExplorerAction.ViewEventDetail));
        Assert.Equal(AccessGrant.Full, PermissionMatrix.For([ViewerRoles.Support, ViewerRoles.AuditAdmin], ExplorerAction.ViewAccessLog));
    }

    [Fact]
    public void Every_action_has_a_cell_for_every_role()
    {
        foreach (var role in ViewerRoles.All)
            foreach (var action in Enum.GetValues<ExplorerAction>())
                Assert.True(Enum.IsDefined(PermissionMatrix.For(role, action)));
    }

    [Fact]
    public void The_matrix_in_docs_security_md_matches_the_code()
    {
        var doc = File.ReadAllLines(Path.Combine(RepoRoot(), "docs", "security.md"));
        foreach (var action in Enum.GetValues<ExplorerAction>())
        {
            var row = doc.SingleOrDefault(l => l.StartsWith($"| `{action}` ", StringComparison.Ordinal));
            Assert.True(row is not null, $"docs/security.md has no row for {action}");
            var cells = row!.Split('|', StringSplitOptions.TrimEntries)[3..7];
            var expected = ViewerRoles.All.Select(r => PermissionMatrix.For(r, action) switch
            {
                AccessGrant.Full => "allowed",
                AccessGrant.Redacted => "redacted",
                _ => "refused",
            });
            Assert.Equal(expected, cells);
        }
    }

    [Fact]
    public void Searching_values_or_showing_access_events_needs_its_own_permission()
    {
        var search = new TimelineFilter { Text = "invoice" };
        var access = new TimelineFilter { IncludeAccessEvents = true };

        Assert.Throws<ActionRefusedException>(() => TimelineFilterPermissions.Demand([ViewerRoles.Support], search));
        Assert.Throws<ActionRefusedException>(() => TimelineFilterPermissions.Demand([ViewerRoles.Support], access));
        TimelineFilterPermissions.Demand([ViewerRoles.Support], new TimelineFilter { EntityType = "contract", EntityId = "42" });
        TimelineFilterPermissions.Demand([ViewerRoles.ComplianceOfficer], search);
        TimelineFilterPermissions.Demand([ViewerRoles.ComplianceOfficer], access);
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuditExplorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("AuditExplorer.sln not found");
    }
}
