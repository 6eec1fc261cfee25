using AuditExplorer.Data.Integrity;
using nietras.SeparatedValues;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Writes events.csv with Sep: RFC 4180 quoting for separators, quotes and line breaks, and every
/// cell passed through <see cref="SpreadsheetFormulaGuard"/>. JSON columns hold the stored JSON text,
/// or in an evidence package from format 4 on the canonical text events.jsonl holds.
/// </summary>
public sealed class EventCsvWriter(TextWriter output) : IDisposable
{
    private readonly SepWriter _writer = Sep.New(',').Writer(o => o with { Escape = true }).To(output, leaveOpen: true);

    public long RowsWritten { get; private set; }

    public void Write(ExportedEvent row) => Write(EventCsvColumns.RawCells(row));

    /// <summary>A row whose JSON columns are the canonical values in <paramref name="canonical"/> (the event's canonical bytes).</summary>
    public void Write(ExportedEvent row, ReadOnlySpan<byte> canonical, CanonicalValueRanges values) =>
        Write(EventCsvColumns.CanonicalCells(row, canonical, values));

    private void Write(string[] cells)
    {
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
