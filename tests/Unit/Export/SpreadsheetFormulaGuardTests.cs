using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

public sealed class SpreadsheetFormulaGuardTests
{
    [Theory]
    [InlineData("=cmd|' /C calc'!A0", "'=cmd|' /C calc'!A0")]
    [InlineData("+1", "'+1")]
    [InlineData("-1", "'-1")]
    [InlineData("@SUM(A1:A9)", "'@SUM(A1:A9)")]
    [InlineData("\t=1+1", "'\t=1+1")]
    [InlineData("\r=1+1", "'\r=1+1")]
    public void Cells_that_a_spreadsheet_would_evaluate_get_a_leading_quote(string cell, string expected) =>
        Assert.Equal(expected, SpreadsheetFormulaGuard.Neutralize(cell));

    [Theory]
    [InlineData("")]
    [InlineData("contract.update")]
    [InlineData("1+1")]
    [InlineData(" =1")]
    [InlineData("{\"a\":-1}")]
    [InlineData("'already quoted")]
    public void Other_cells_are_left_exactly_as_they_are(string cell) =>
        Assert.Same(cell, SpreadsheetFormulaGuard.Neutralize(cell));
}
