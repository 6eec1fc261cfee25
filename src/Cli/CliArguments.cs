namespace AuditExplorer.Cli;

/// <summary>Parsed <c>--name value</c> options, <c>--flag</c> switches and positional words.</summary>
public sealed class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, List<string>> _repeated = new(StringComparer.OrdinalIgnoreCase);
    public IReadOnlyList<string> Positional { get; }

    public CliArguments(IEnumerable<string> args)
    {
        var positional = new List<string>();
        var list = args.ToList();
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i].StartsWith("--", StringComparison.Ordinal))
            {
                var name = list[i][2..];
                var hasValue = i + 1 < list.Count && !list[i + 1].StartsWith("--", StringComparison.Ordinal);
                _options[name] = hasValue ? list[++i] : null;
                if (hasValue)
                {
                    if (!_repeated.TryGetValue(name, out var values)) _repeated[name] = values = [];
                    values.Add(list[i]);
                }
            }
            else positional.Add(list[i]);
        }
        Positional = positional;
    }

    public bool Has(string name) => _options.ContainsKey(name);

    public string? Get(string name) => _options.TryGetValue(name, out var v) ? v : null;

    /// <summary>Every value of an option given more than once (<see cref="Get"/> returns the last).</summary>
    public IReadOnlyList<string> GetAll(string name) => _repeated.TryGetValue(name, out var v) ? v : [];

    public int GetInt(string name, int fallback) =>
        Get(name) is { } v ? int.TryParse(v, out var n) && n >= 0 ? n : throw new CliUsageException($"--{name} takes a whole number, not \"{v}\"") : fallback;

    /// <summary>The owner connection string: --connection, else AUDITEXPLORER_OWNER_CONNECTION, else the local cluster.</summary>
    public string OwnerConnection =>
        Get("connection") ?? Environment.GetEnvironmentVariable("AUDITEXPLORER_OWNER_CONNECTION")
        ?? "Host=127.0.0.1;Port=55432;Username=auditexplorer_owner;Database=auditexplorer";
}
