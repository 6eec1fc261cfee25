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

    /// <summary>
    /// True when destinations of this kind need a secret the product generates when the stream is created (a webhook's
    /// signing key): shown once to the admin, stored apart from the settings, never listed.
    /// </summary>
    bool UsesSecret => false;

    /// <summary>A destination for these settings and the stream's generated secret; called only when <see cref="UsesSecret"/>.</summary>
    IStreamDestination Create(JsonElement settings, string secret) => Create(settings);
}
