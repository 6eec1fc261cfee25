using System.Text.Json;
using NATS.Client.Core;

namespace AuditExplorer.Data.Streams.Nats;

/// <summary>
/// Builds <c>nats</c> (JetStream) destinations. Credentials come from the host's configuration by the name the
/// settings give (<paramref name="secret"/> resolves a name to its value, for example from <c>Streams:Secrets:NAME</c>),
/// so stored settings never hold a secret.
/// </summary>
public sealed class NatsDestinationFactory(Func<string, string?> secret) : IStreamDestinationFactory
{
    /// <inheritdoc />
    public string Kind => "nats";

    /// <inheritdoc />
    public string? Validate(JsonElement settings)
    {
        var parsed = NatsSettings.Parse(settings, out var error);
        if (parsed is null) return error;
        return MissingSecret(parsed);
    }

    /// <inheritdoc />
    public IStreamDestination Create(JsonElement settings)
    {
        var parsed = NatsSettings.Parse(settings, out var error) ?? throw new StreamDeliveryException(error!);
        if (MissingSecret(parsed) is { } missing) throw new StreamDeliveryException(missing);
        var auth = NatsAuthOpts.Default;
        if (parsed.TokenSecret is { } token) auth = auth with { Token = secret(token) };
        if (parsed.CredsSecret is { } creds) auth = auth with { Creds = secret(creds) };
        return new NatsDestination(parsed, auth);
    }

    string? MissingSecret(NatsSettings s) =>
        (s.TokenSecret ?? s.CredsSecret) is { } name && string.IsNullOrEmpty(secret(name))
            ? $"nats: the server's configuration has no secret named \"{name}\" (Streams:Secrets:{name}); add it there, never in the stream's settings."
            : null;
}
