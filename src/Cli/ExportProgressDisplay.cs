using System.Diagnostics;
using System.Globalization;
using AuditExplorer.Data.Export;

namespace AuditExplorer.Cli;

/// <summary>Export progress on stderr: a live line on a terminal, a line every few seconds in a log.</summary>
internal sealed class ExportProgressDisplay(TextWriter output, bool interactive)
{
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _lastLine = TimeSpan.FromSeconds(-5);
    private bool _drawn;

    public void Show(ExportProgress p)
    {
        var rate = p.RowsWritten / Math.Max(_clock.Elapsed.TotalSeconds, 0.001);
        var total = p.TotalRows is { } t ? string.Create(CultureInfo.InvariantCulture, $"/{t:N0}") : "";
        var text = string.Create(CultureInfo.InvariantCulture, $"{p.Stage}: {p.RowsWritten:N0}{total} events  {rate:N0} events/s");
        if (interactive)
        {
            output.Write($"\r{text}   ");
            _drawn = true;
        }
        else if (_clock.Elapsed - _lastLine >= TimeSpan.FromSeconds(5) || p.Stage == "done")
        {
            _lastLine = _clock.Elapsed;
            output.WriteLine($"export: {text}");
        }
    }

    public void Done()
    {
        if (_drawn) output.WriteLine();
        _drawn = false;
    }
}
