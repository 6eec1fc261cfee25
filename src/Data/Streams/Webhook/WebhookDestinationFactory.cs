using System.Text.Json;

namespace AuditExplorer.Data.Streams.Webhook;

/// <summary>Webhook streams (kind <c>webhook</c>): signed HTTPS POSTs of JSON arrays, one per batch.</summary>
public sealed class WebhookDestinationFactory : IStreamDestinationFactory
{
    /// <inheritdoc />
    public string Kind => "webhook";

    /// <inheritdoc />
    public bool UsesSecret => true;

    /// <inheritdoc />
    public string? Validate(JsonElement settings) => WebhookSettings.Read(settings).Problem;

    /// <inheritdoc />
    public IStreamDestination Create(JsonElement settings) =>
        throw new InvalidOperationException("a webhook signs every batch: create it with the stream's secret");

    /// <inheritdoc />
    public IStreamDestination Create(JsonElement settings, string secret)
    {
        var (read, problem) = WebhookSettings.Read(settings);
        return new WebhookDestination(read ?? throw new ArgumentException(problem, nameof(settings)), secret);
    }
}
