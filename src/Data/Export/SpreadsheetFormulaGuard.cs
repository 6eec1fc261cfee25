namespace AuditExplorer.Data.Export;

/// <summary>
/// Keeps spreadsheet programs from evaluating exported text as a formula (OWASP CSV injection):
/// a cell starting with = + - @ tab or carriage return gets a leading single quote. Prefixing a tab
/// is not enough, because a tab itself starts a formula in some programs.
/// </summary>
public static class SpreadsheetFormulaGuard
{
    public static bool NeedsGuard(ReadOnlySpan<char> cell) =>
        cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r';

    public static string Neutralize(string cell) => NeedsGuard(cell) ? "'" + cell : cell;
}
