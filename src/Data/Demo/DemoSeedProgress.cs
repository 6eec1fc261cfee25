namespace AuditExplorer.Data.Demo;

/// <summary>How far a seeding run is.</summary>
public readonly record struct DemoSeedProgress(long Written, long Total, TimeSpan Elapsed)
{
    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? Written / Elapsed.TotalSeconds : 0;

    public TimeSpan? Remaining => Written > 0 && EventsPerSecond > 0
        ? TimeSpan.FromSeconds((Total - Written) / EventsPerSecond)
        : null;
}
