namespace AuditExplorer.Data.Integrity;

/// <summary>A record that lives as long as the process: for keys built in code (tests, benchmarks), never for a service.</summary>
public sealed class InMemorySignedCheckpointRecord : ISignedCheckpointRecord
{
    private readonly Lock _lock = new();
    private readonly Dictionary<string, SignedCheckpointEntry> _latest = new(StringComparer.Ordinal);
    private readonly List<SignedCheckpointEntry> _acknowledgements = [];

    public string Location => "memory";

    public Task<SignedCheckpointEntry?> LatestAsync(string tenantId, CancellationToken ct)
    {
        lock (_lock) return Task.FromResult(_latest.GetValueOrDefault(tenantId));
    }

    public Task<IReadOnlyList<SignedCheckpointEntry>> LatestPerTenantAsync(CancellationToken ct)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<SignedCheckpointEntry>>(_latest.Values.ToList());
    }

    public Task<IReadOnlyList<SignedCheckpointEntry>> AcknowledgementsAsync(string tenantId, CancellationToken ct)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<SignedCheckpointEntry>>(_acknowledgements.Where(e => e.TenantId == tenantId).ToList());
    }

    public Task AppendAsync(SignedCheckpointEntry entry, CancellationToken ct)
    {
        lock (_lock)
        {
            if (entry.Supersedes(_latest.GetValueOrDefault(entry.TenantId))) _latest[entry.TenantId] = entry;
            if (entry.Loss is not null) _acknowledgements.Add(entry);
        }
        return Task.CompletedTask;
    }
}
