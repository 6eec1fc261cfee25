namespace AuditExplorer.Data.Streams;

/// <summary>How a stream writes each event (docs/streams.md#formats).</summary>
public static class StreamFormats
{
    /// <summary>The evidence package's events.jsonl line: seq, hashes and the canonical event.</summary>
    public const string EventJson = "event-json";

    /// <summary>OCSF: API Activity (6003) for access events, Entity Management (3004) for changes.</summary>
    public const string Ocsf = "ocsf";

    /// <summary>Every format, as offered on the Streams page.</summary>
    public static IReadOnlyList<string> All { get; } = [EventJson, Ocsf];
}
