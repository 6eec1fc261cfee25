namespace AuditExplorer.Data.Streams;

/// <summary>The destination kinds this installation offers, one factory each (registered as IEnumerable&lt;IStreamDestinationFactory&gt;).</summary>
public sealed class StreamDestinationFactories(IEnumerable<IStreamDestinationFactory> factories)
{
    private readonly Dictionary<string, IStreamDestinationFactory> _byKind =
        factories.GroupBy(f => f.Kind, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last(), StringComparer.Ordinal);

    /// <summary>Every kind, sorted.</summary>
    public IReadOnlyList<string> Kinds => [.. _byKind.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The factory of a kind; null when this installation does not offer it.</summary>
    public IStreamDestinationFactory? For(string kind) => _byKind.GetValueOrDefault(kind);
}
