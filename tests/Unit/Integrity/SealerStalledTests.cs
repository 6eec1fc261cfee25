using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>When the Integrity page says the sealer is not running: events wait and nothing was sealed for a while.</summary>
public sealed class SealerStalledTests
{
    private static IntegrityStatus Status(long waiting, double? oldestSeconds, double? lastSealSeconds) =>
        new("t", 100, waiting, oldestSeconds is { } o ? TimeSpan.FromSeconds(o) : null, null, null,
            lastSealSeconds is null ? null : DateTimeOffset.UtcNow, lastSealSeconds is { } l ? TimeSpan.FromSeconds(l) : null);

    [Fact]
    public void Events_waiting_over_a_minute_with_no_seal_since_mean_the_sealer_is_stalled() =>
        Assert.True(Status(5, 120, 300).SealerStalled);

    [Fact]
    public void A_tenant_never_sealed_with_old_waiting_events_is_stalled() =>
        Assert.True(Status(5, 120, null).SealerStalled);

    [Fact]
    public void A_sealer_working_through_a_backlog_is_not_stalled_while_its_last_seal_is_recent() =>
        Assert.False(Status(50_000, 600, 2).SealerStalled);

    [Fact]
    public void Fresh_waiting_events_or_an_empty_queue_are_not_a_stall()
    {
        Assert.False(Status(5, 3, 300).SealerStalled);
        Assert.False(Status(0, null, 3_600).SealerStalled);
    }
}
