using System.Collections.Concurrent;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The Integrity page's question to the signer's record: does this tenant's database contradict it, and since
/// when has this process seen that? The decision is <see cref="SignerRecordCheck"/>'s; this only remembers the
/// first time each contradiction (tenant, kind, recorded size) was noticed, for "since" in the banner.
/// </summary>
public sealed class SignerRecordWatch(SignerRecordCheck check, TimeProvider clock)
{
    private readonly ConcurrentDictionary<(string Tenant, SignerRecordFindingKind Kind, long Size), DateTimeOffset> _firstNoticed = new();

    /// <summary>The tenant's alarm, or null when the database holds what the signer recorded (or the record has nothing for it).</summary>
    public async Task<SignerRecordAlarm?> ForTenantAsync(string tenantId, CancellationToken ct = default)
    {
        if (await check.CheckTenantAsync(tenantId, ct) is not { } finding) return null;
        var since = _firstNoticed.GetOrAdd((tenantId, finding.Kind, finding.RecordedSize), _ => clock.GetUtcNow());
        return new SignerRecordAlarm(finding, since);
    }
}
