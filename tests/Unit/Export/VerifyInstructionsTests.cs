using System.Text.RegularExpressions;
using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>The VERIFY.md in every package tells an outside auditor everything verify-package can check.</summary>
public sealed class VerifyInstructionsTests
{
    [Fact]
    public void Verify_instructions_explain_how_to_require_witness_cosignatures_and_what_exit_5_means()
    {
        Assert.Contains("--witness-key \"<witness key>\"", VerifyInstructions.Text);
        Assert.Contains("--witness-key-file F", VerifyInstructions.Text);
        Assert.Contains("--witness-quorum N", VerifyInstructions.Text);
        Assert.Contains("- 5 NOT WITNESSED:", VerifyInstructions.Text);
        Assert.Contains("tlog-cosignature", VerifyInstructions.Text);
    }

    [Fact]
    public void Verify_instructions_list_every_exit_code_of_verify_package_once()
    {
        var listed = Regex.Matches(VerifyInstructions.Text, @"^\s*- (\d)[ :]", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(["0", "1", "2", "3", "4", "5"], listed);
    }
}
