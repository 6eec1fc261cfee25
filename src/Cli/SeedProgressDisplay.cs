using System.Globalization;
using AuditExplorer.Data.Demo;

namespace AuditExplorer.Cli;

/// <summary>A progress bar on a terminal; a line every few seconds when output goes to a log.</summary>
internal sealed class SeedProgressDisplay(TextWriter output, bool interactive)
{
    private const int BarWidth = 30;
    private TimeSpan _lastLine = TimeSpan.FromSeconds(-5);
    private bool _drawn;

    public void Show(DemoSeedProgress p)
    {
        var fraction = p.Total > 0 ? Math.Min(1, (double)p.Written / p.Total) : 1;
        var eta = p.Remaining is { } r ? $"{(int)r.TotalMinutes}:{r.Seconds:00}" : "--:--";
        var text = string.Create(CultureInfo.InvariantCulture,
            $"{fraction,4:P0} {p.Written:N0}/{p.Total:N0} events  {p.EventsPerSecond:N0} events/s  ETA {eta}");
        if (interactive)
        {
            var filled = (int)(fraction * BarWidth);
            output.Write($"\r[{new string('#', filled)}{new string('.', BarWidth - filled)}] {text}   ");
            _drawn = true;
        }
        else if (p.Elapsed - _lastLine >= TimeSpan.FromSeconds(5))
        {
            _lastLine = p.Elapsed;
            output.WriteLine($"seed-demo: {text}");
        }
    }

    public void Done()
    {
        if (_drawn) output.WriteLine();
    }
}
