namespace AuditExplorer.Data.Demo;

/// <summary>What <see cref="DemoSeeder"/> loads: tenant count (at least the three named ones), event count, seed.</summary>
public sealed record DemoSeedOptions
{
    public int Tenants { get; init; } = 5;
    public long Events { get; init; } = 50_000;
    public int Seed { get; init; } = 42;
    /// <summary>Do nothing when audit.events already holds rows.</summary>
    public bool IfEmpty { get; init; }
    /// <summary>End of the generated history; defaults to the start of the current UTC hour.</summary>
    public DateTime? Until { get; init; }
    /// <summary>Events per transaction; a stopped run keeps every completed batch, each with its seal-queue rows.</summary>
    public int BatchSize { get; init; } = 10_000;
    /// <summary>Connections loading batches in parallel; generation itself stays single-threaded and deterministic.</summary>
    public int Writers { get; init; } = 2;
}
