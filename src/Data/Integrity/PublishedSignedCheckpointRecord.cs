namespace AuditExplorer.Data.Integrity;

/// <summary>
/// A signer's record read over http(s) (the signer publishes its record file; it holds only public signed
/// notes). Read-only: the web app compares the database with it and never appends. Fetched again at most every
/// <paramref name="refresh"/>, so a page view does not cost a download; a record that lost entries since the last
/// fetch is an error, never a fresh start.
/// </summary>
public sealed class PublishedSignedCheckpointRecord(Uri url, HttpClient http, TimeSpan refresh) : ISignedCheckpointRecord
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Dictionary<string, SignedCheckpointEntry> _latest = new(StringComparer.Ordinal);
    private IReadOnlyList<SignedCheckpointEntry> _acknowledgements = [];
    private int _entries;
    private DateTimeOffset _fetchedAt = DateTimeOffset.MinValue;

    public string Location => url.ToString();

    public async Task<SignedCheckpointEntry?> LatestAsync(string tenantId, CancellationToken ct) =>
        (await CurrentAsync(ct)).Latest.GetValueOrDefault(tenantId);

    public async Task<IReadOnlyList<SignedCheckpointEntry>> LatestPerTenantAsync(CancellationToken ct) =>
        (await CurrentAsync(ct)).Latest.Values.OrderBy(e => e.TenantId, StringComparer.Ordinal).ToList();

    public async Task<IReadOnlyList<SignedCheckpointEntry>> AcknowledgementsAsync(string tenantId, CancellationToken ct) =>
        (await CurrentAsync(ct)).Acknowledgements.Where(e => e.TenantId == tenantId).ToList();

    public Task AppendAsync(SignedCheckpointEntry entry, CancellationToken ct) =>
        throw new InvalidOperationException($"the signer's record at {url} is read-only here; only the signer appends to its record");

    private async Task<(Dictionary<string, SignedCheckpointEntry> Latest, IReadOnlyList<SignedCheckpointEntry> Acknowledgements)> CurrentAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            if (DateTimeOffset.UtcNow - _fetchedAt < refresh) return (_latest, _acknowledgements);
            var entries = SignedCheckpointFile.Parse(await http.GetStringAsync(url, ct));
            if (entries.Count < _entries)
                throw new InvalidDataException($"the signer's record at {url} shrank from {_entries} to {entries.Count} entries: it was truncated");
            var latest = new Dictionary<string, SignedCheckpointEntry>(StringComparer.Ordinal);
            foreach (var e in entries)
                if (e.Supersedes(latest.GetValueOrDefault(e.TenantId))) latest[e.TenantId] = e;
            (_latest, _acknowledgements, _entries, _fetchedAt) = (latest, entries.Where(e => e.Loss is not null).ToList(), entries.Count, DateTimeOffset.UtcNow);
            return (_latest, _acknowledgements);
        }
        finally
        {
            _gate.Release();
        }
    }
}
