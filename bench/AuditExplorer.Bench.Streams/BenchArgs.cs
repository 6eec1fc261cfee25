using System.Globalization;

namespace AuditExplorer.Bench.Streams;

/// <summary><c>--name value</c> options after the mode; a wrong value stops the run with a message naming the option.</summary>
internal sealed class BenchArgs(IReadOnlyList<string> args)
{
    private readonly Dictionary<string, string> _values = args.Select((a, i) => (a, i)).Where(p => p.a.StartsWith("--", StringComparison.Ordinal))
        .ToDictionary(p => p.a[2..], p => p.i + 1 < args.Count && !args[p.i + 1].StartsWith("--", StringComparison.Ordinal) ? args[p.i + 1] : "");

    public int Int(string name, int fallback) =>
        !_values.TryGetValue(name, out var v) ? fallback
        : int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n
        : throw new ArgumentException($"--{name} takes a positive whole number, not \"{v}\"");

    public double Seconds(string name, double fallback) =>
        !_values.TryGetValue(name, out var v) ? fallback
        : double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0 ? s
        : throw new ArgumentException($"--{name} takes a positive number of seconds, not \"{v}\"");

    public string Text(string name, string fallback) => _values.GetValueOrDefault(name) is { Length: > 0 } v ? v : fallback;

    public bool Has(string name) => _values.ContainsKey(name);
}
