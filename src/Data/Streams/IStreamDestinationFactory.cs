using System.Text.Json;

namespace AuditExplorer.Data.Streams;

/// <summary>
/// Builds destinations of one kind from a stream's stored settings (a JSON object, kept in the store with the stream).
/// Settings never hold secrets in clear text that a reader of the stream list could see; see docs/streams.md.
/// </summary>
public interface IStreamDestinationFactory
{
    /// <summary>The kind as stored and shown: <c>syslog</c>, <c>webhook</c>, <c>nats</c>.</summary>
    string Kind { get; }

    /// <summary>Null when the settings are usable, else a message an audit admin can act on (shown as a 400 / form error).</summary>
    string? Validate(JsonElement settings);

    /// <summary>A destination for these (validated) settings.</summary>
    IStreamDestination Create(JsonElement settings);
}
