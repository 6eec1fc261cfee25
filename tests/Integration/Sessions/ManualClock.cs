namespace AuditExplorer.Tests.Integration.Sessions;

/// <summary>A clock the test moves by hand, so expiry is checked to the minute without waiting.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
