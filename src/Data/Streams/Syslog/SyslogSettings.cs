using System.Net;
using System.Text.Json;

namespace AuditExplorer.Data.Streams.Syslog;

/// <summary>
/// Where and how a syslog stream sends: RFC 5424 messages over TCP with octet-counting framing (RFC 6587 §3.4.1),
/// optionally inside TLS (RFC 5425). Stored as the stream's settings JSON; see docs/streams-destinations.md.
/// </summary>
/// <param name="Host">The receiver's DNS name or address; with TLS, the name its certificate must carry.</param>
/// <param name="Port">TCP port (default 514, or 6514 with TLS).</param>
/// <param name="Tls">Wrap the connection in TLS and validate the receiver's certificate.</param>
/// <param name="CaFile">PEM file of the CA(s) that issued the receiver's certificate; null trusts the system's roots.</param>
/// <param name="Hostname">The HOSTNAME field: the sending system as the receiver files it.</param>
/// <param name="Facility">RFC 5424 facility 0..23 (default 13, "log audit").</param>
/// <param name="MaxMessageBytes">Largest syslog message (without its length prefix) the receiver accepts.</param>
public sealed record SyslogSettings(string Host, int Port, bool Tls, string? CaFile, string Hostname, int Facility, int MaxMessageBytes)
{
    /// <summary>RFC 5424 table 1: facility 13 is "log audit".</summary>
    public const int DefaultFacility = 13;

    /// <summary>rsyslog's default maxMessageSize and RFC 5425's "SHOULD accept" size.</summary>
    public const int DefaultMaxMessageBytes = 8192;

    /// <summary>RFC 5424 §6.1: every receiver must take messages of 480 octets; smaller limits cannot carry an event.</summary>
    public const int MinMaxMessageBytes = 480;

    /// <summary>Upper bound we accept for <see cref="MaxMessageBytes"/>, so one event cannot claim unbounded memory.</summary>
    public const int MaxMaxMessageBytes = 16 * 1024 * 1024;

    static readonly HashSet<string> Known = ["host", "port", "tls", "ca_file", "hostname", "facility", "max_message_bytes"];

    /// <summary>Reads settings; returns null and a message an audit admin can act on when they are not usable.</summary>
    public static SyslogSettings? Parse(JsonElement json, out string? error)
    {
        error = Read(json, out var settings);
        return error is null ? settings : null;
    }

    static string? Read(JsonElement json, out SyslogSettings? settings)
    {
        settings = null;
        if (json.ValueKind != JsonValueKind.Object)
            return "syslog settings must be a JSON object with at least \"host\".";
        foreach (var p in json.EnumerateObject())
            if (!Known.Contains(p.Name))
                return $"syslog: unknown setting \"{p.Name}\"; known are {string.Join(", ", Known.Order())}.";

        if (!json.TryGetProperty("host", out var hostJson) || hostJson.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(hostJson.GetString()))
            return "syslog: \"host\" is required: the receiver's DNS name or IP address.";
        var host = hostJson.GetString()!.Trim();
        if (Uri.CheckHostName(host) == UriHostNameType.Unknown)
            return $"syslog: \"host\" \"{host}\" is not a DNS name or IP address.";

        if (!ReadBool(json, "tls", false, out var tls, out var error)) return error;
        if (!ReadInt(json, "port", tls ? 6514 : 514, 1, 65535, out var port, out error)) return error;
        if (!ReadInt(json, "facility", DefaultFacility, 0, 23, out var facility, out error)) return error;
        if (!ReadInt(json, "max_message_bytes", DefaultMaxMessageBytes, MinMaxMessageBytes, MaxMaxMessageBytes, out var max, out error)) return error;

        string? caFile = null;
        if (json.TryGetProperty("ca_file", out var caJson) && caJson.ValueKind != JsonValueKind.Null)
        {
            if (caJson.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(caJson.GetString()))
                return "syslog: \"ca_file\" must be the path of a PEM file on the server that runs the streams.";
            if (!tls)
                return "syslog: \"ca_file\" is only used with \"tls\": true; set tls or remove ca_file.";
            caFile = caJson.GetString()!;
            if (!File.Exists(caFile))
                return $"syslog: ca_file \"{caFile}\" does not exist on the server that runs the streams.";
        }

        var hostname = DefaultHostname();
        if (json.TryGetProperty("hostname", out var nameJson) && nameJson.ValueKind != JsonValueKind.Null)
        {
            hostname = nameJson.ValueKind == JsonValueKind.String ? nameJson.GetString()! : "";
            if (!SyslogMessageFormat.IsHeaderField(hostname, 255))
                return "syslog: \"hostname\" must be 1 to 255 printable ASCII characters without spaces (RFC 5424 HOSTNAME).";
        }

        settings = new SyslogSettings(host, port, tls, caFile, hostname, facility, max);
        return null;
    }

    /// <summary>This machine's name when it is a valid HOSTNAME, else RFC 5424's NILVALUE.</summary>
    static string DefaultHostname()
    {
        var name = Dns.GetHostName();
        return SyslogMessageFormat.IsHeaderField(name, 255) ? name : "-";
    }

    static bool ReadBool(JsonElement json, string name, bool fallback, out bool value, out string? error)
    {
        value = fallback; error = null;
        if (!json.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null) return true;
        if (p.ValueKind is JsonValueKind.True or JsonValueKind.False) { value = p.GetBoolean(); return true; }
        error = $"syslog: \"{name}\" must be true or false.";
        return false;
    }

    static bool ReadInt(JsonElement json, string name, int fallback, int min, int max, out int value, out string? error)
    {
        value = fallback; error = null;
        if (!json.TryGetProperty(name, out var p) || p.ValueKind == JsonValueKind.Null) return true;
        if (p.ValueKind == JsonValueKind.Number && p.TryGetInt32(out value) && value >= min && value <= max) return true;
        error = $"syslog: \"{name}\" must be a whole number from {min} to {max}.";
        return false;
    }
}
