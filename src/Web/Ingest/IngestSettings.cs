namespace AuditExplorer.Web.Ingest;

/// <summary>Configuration section "Ingest": limits of the ingest API.</summary>
public sealed class IngestSettings
{
    /// <summary>Requests per second each API key may send, on average.</summary>
    public int RequestsPerSecond { get; set; } = 50;

    /// <summary>Requests a key may send at once before the average applies.</summary>
    public int Burst { get; set; } = 100;

    /// <summary>Largest request body accepted (bytes).</summary>
    public long MaxBodyBytes { get; set; } = 32 * 1024 * 1024;
}
