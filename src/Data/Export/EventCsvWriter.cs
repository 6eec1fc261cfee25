using nietras.SeparatedValues;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Writes events.csv with Sep: RFC 4180 quoting for separators, quotes and line breaks, and every
/// cell passed through <see cref="SpreadsheetFormulaGuard"/>. JSON columns hold the stored JSON text.
/// </summary>
public sealed class EventCsvWriter(TextWriter output) : IDisposable
{
    private readonly SepWriter _writer = Sep.New(',').Writer(o => o with { Escape = true }).To(output, leaveOpen: true);

    public long RowsWritten { get; private set; }

    public void Write(ExportedEvent row)
    {
        var cells = EventCsvColumns.RawCells(row);
        using var csvRow = _writer.NewRow();
        for (var i = 0; i < cells.Length; i++) csvRow[EventCsvColumns.Names[i]].Set(SpreadsheetFormulaGuard.Neutralize(cells[i]));
        RowsWritten++;
    }

    /// <summary>Flushes; an export without rows still gets its header line, so it stays a valid CSV.</summary>
    public void Complete()
    {
        // Sep writes the header together with the first row, so a row-less file needs it written by hand.
        if (RowsWritten == 0) output.Write(string.Join(',', EventCsvColumns.Names) + Environment.NewLine);
        _writer.Flush();
        output.Flush();
    }

    public void Dispose() => _writer.Dispose();
}
