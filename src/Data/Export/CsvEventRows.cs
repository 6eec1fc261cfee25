using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Integrity;
using nietras.SeparatedValues;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Walks events.csv alongside events.jsonl during verification: same header, same number of rows,
/// and every cell equal to the JSON Lines value after formula neutralization. From format 4 on the
/// JSON cells hold the canonical text too, so every cell is compared as text; before it they hold the
/// stored text and are canonicalized first.
/// </summary>
internal sealed class CsvEventRows : IDisposable
{
    private readonly StreamReader _text;
    private readonly SepReader? _reader;
    private readonly Action<long?, long?, string> _report;
    private readonly bool _canonicalJson;
    private bool _aligned = true;

    public long Rows { get; private set; }

    public CsvEventRows(Stream stream, bool canonicalJson, Action<long?, long?, string> report)
    {
        _report = report;
        _canonicalJson = canonicalJson;
        _text = new StreamReader(stream);
        try
        {
            _reader = Sep.Reader(o => o with { Unescape = true, HasHeader = true }).From(_text);
            var names = _reader.Header.ColNames;
            if (!names.SequenceEqual(EventCsvColumns.Names))
            {
                report(1, null, $"header is \"{string.Join(',', names)}\", expected \"{string.Join(',', EventCsvColumns.Names)}\"");
                _aligned = false;
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or ArgumentException or NotSupportedException)
        {
            report(1, null, $"cannot be read as CSV: {ex.Message}");
            _aligned = false;
        }
    }

    /// <summary>Moves past the row of an events.jsonl line that could not be read.</summary>
    public void Skip()
    {
        if (_aligned && MoveNext(null)) Rows++;
    }

    public void Compare(ExportedEvent expected)
    {
        if (!_aligned) return;
        if (!MoveNext(expected.Seq))
        {
            if (_aligned) _report(null, expected.Seq, "has no row for this event of events.jsonl");
            _aligned = false;
            return;
        }
        Rows++;
        var row = _reader!.Current;
        var line = (long)row.LineNumberFrom;
        var cells = EventCsvColumns.RawCells(expected);
        if (row.ColCount != cells.Length)
        {
            _report(line, expected.Seq, $"has {row.ColCount} cells, expected {cells.Length}");
            return;
        }
        if (!row[0].Span.SequenceEqual(cells[0]) || !row[1].Span.SequenceEqual(cells[1]))
        {
            _report(line, expected.Seq, $"is seq {row[0]} id {row[1]} but events.jsonl has seq {cells[0]} id {cells[1]} here; later rows not compared");
            _aligned = false;
            return;
        }
        for (var i = 2; i < cells.Length; i++)
        {
            var cell = row[i].Span;
            var same = !EventCsvColumns.IsJson(i) ? cell.SequenceEqual(SpreadsheetFormulaGuard.Neutralize(cells[i]))
                : _canonicalJson ? cell.SequenceEqual(cells[i])
                : SameJson(cell.ToString(), cells[i]);
            if (!same) _report(line, expected.Seq, $"column {EventCsvColumns.Names[i]} differs from events.jsonl");
        }
    }

    /// <summary>
    /// Before format 4, JSON columns hold the stored JSON text; it must encode to exactly the canonical value
    /// events.jsonl holds, by the same rules as the event's canonical form (docs/event-format.md):
    /// oversized numbers as strings, and a document the canonical form cannot express (nested deeper
    /// than it accepts) as a string of the stored text.
    /// </summary>
    private static bool SameJson(string cell, string canonical)
    {
        if (cell.Length == 0 || canonical.Length == 0) return cell.Length == canonical.Length;
        var writer = new CanonicalJsonWriter { OversizedNumbersAsStrings = true };
        try
        {
            JsonCanonicalizer.WriteTo(writer, cell);
        }
        catch (FormatException)
        {
            // Only valid JSON was stored (jsonb), so a cell that is not JSON at all was changed; valid JSON
            // that still has no canonical form is hashed as its text, and compared the same way.
            if (!IsJson(cell)) return false;
            writer.Reset();
            writer.WriteString(cell);
        }
        return writer.WrittenSpan.SequenceEqual(Encoding.UTF8.GetBytes(canonical));
    }

    /// <summary>Whether <paramref name="text"/> is one JSON value, at any depth (the reader does not recurse).</summary>
    private static bool IsJson(string text)
    {
        var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(text), new JsonReaderOptions { MaxDepth = int.MaxValue });
        try
        {
            if (!reader.Read()) return false;
            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Counts rows events.jsonl has no event for.</summary>
    public void Finish()
    {
        if (!_aligned) return;
        var extra = 0L;
        while (MoveNext(null)) extra++;
        if (extra > 0) _report(null, null, $"{extra} rows more than events.jsonl has events");
        Rows += extra;
    }

    private bool MoveNext(long? seq)
    {
        try
        {
            return _reader!.MoveNext();
        }
        catch (InvalidDataException ex)
        {
            _report(null, seq, $"is not valid CSV after data row {Rows}: {ex.Message}; later rows not compared");
            _aligned = false;
            return false;
        }
    }

    public void Dispose()
    {
        _reader?.Dispose();
        _text.Dispose();
    }
}
