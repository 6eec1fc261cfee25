using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Tests.Unit.Diff;

public class ChangeComparisonTests
{
    private const string Old = """{"customer":{"email":"ann@example.com","tier":"gold"}}""";
    private const string New = """{"customer":{"email":"ann@example.org","tier":"platinum"}}""";

    [Fact]
    public void Full_view_shows_personal_values_in_fields_and_text()
    {
        var comparison = ChangeComparison.Build(Old, New, RedactionPolicy.FullView);

        Assert.Contains(comparison.Fields, f => f.NewValue == "\"ann@example.org\"");
        Assert.Contains(comparison.Text.Inline, l => l.Text.Contains("ann@example.org"));
    }

    [Fact]
    public void Redacted_view_hides_personal_values_everywhere_but_keeps_other_changes()
    {
        var comparison = ChangeComparison.Build(Old, New, RedactionPolicy.Redacting(["$.customer.email"]));

        var everything = string.Join("\n",
            comparison.Fields.Select(f => $"{f.Path} {f.OldValue} {f.NewValue}")
                .Concat(comparison.Text.SideBySide.Select(l => l.OldText + l.NewText))
                .Concat(comparison.Text.Inline.Select(l => l.Text)));
        Assert.DoesNotContain("ann@", everything);
        var email = Assert.Single(comparison.Fields, f => f.Path == "$.customer.email");
        Assert.True(email.IsRedacted);
        Assert.Contains(comparison.Fields, f => f.NewValue == "\"platinum\"" && !f.IsRedacted);
    }
}
