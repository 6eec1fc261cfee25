using System.Globalization;

namespace AuditExplorer.Bench;

/// <summary><c>--name value</c> options of the benchmark verbs.</summary>
internal sealed class BenchOptions
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.OrdinalIgnoreCase);

    public BenchOptions(IEnumerable<string> args)
    {
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (!list[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument \"{list[i]}\"");
            var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
            _values[list[i][2..]] = hasValue ? list[++i] : null;
        }
    }

    public bool Has(string name) => _values.ContainsKey(name);

    public string? Text(string name) => _values.GetValueOrDefault(name);

    public long Number(string name, long fallback) =>
        _values.TryGetValue(name, out var v) && v is not null
            ? long.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--{name} takes a positive whole number, not \"{v}\"")
            : fallback;
}
