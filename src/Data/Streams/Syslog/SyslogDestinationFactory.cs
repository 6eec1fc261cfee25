using System.Text.Json;

namespace AuditExplorer.Data.Streams.Syslog;

/// <summary>Builds <c>syslog</c> destinations (RFC 5424 over TCP or TLS) from a stream's settings.</summary>
public sealed class SyslogDestinationFactory : IStreamDestinationFactory
{
    /// <inheritdoc />
    public string Kind => "syslog";

    /// <inheritdoc />
    public string? Validate(JsonElement settings)
    {
        SyslogSettings.Parse(settings, out var error);
        return error;
    }

    /// <inheritdoc />
    public IStreamDestination Create(JsonElement settings) =>
        new SyslogDestination(SyslogSettings.Parse(settings, out var error) ?? throw new StreamDeliveryException(error!));
}
