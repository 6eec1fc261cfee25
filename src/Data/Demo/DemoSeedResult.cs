namespace AuditExplorer.Data.Demo;

/// <summary>What a seeding run did. <see cref="Skipped"/> means --if-empty found events already.</summary>
public sealed record DemoSeedResult(bool Skipped, int TenantsCreated, long EventsWritten, TimeSpan Elapsed, DateTime From, DateTime Until)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsWritten / Elapsed.TotalSeconds : 0;
}
