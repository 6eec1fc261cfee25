using System.Globalization;

namespace AuditExplorer.Data.Integrity.Publication;

/// <summary>
/// The tenant-side check of a published log: the latest checkpoint must be signed by a trusted key, be this
/// tenant's, and extend (RFC 6962 consistency proof) the last checkpoint the monitor accepted. Anything else
/// is a rollback, a fork or a bad signature — never silently accepted.
/// </summary>
public sealed class CheckpointMonitor(CheckpointKeyring trusted, MonitorStateFile state)
{
    /// <summary>One run: fetch, verify, compare with what was seen, and remember the new checkpoint if it is sound.</summary>
    /// <param name="tenant">The tenant whose log is watched.</param>
    /// <param name="fetchLatest">Reads the published latest checkpoint note.</param>
    /// <param name="fetchConsistency">Reads the published consistency proof between two sizes.</param>
    public async Task<MonitorResult> RunAsync(string tenant, Func<CancellationToken, Task<string>> fetchLatest,
        Func<long, long, CancellationToken, Task<ConsistencyProof>> fetchConsistency, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(fetchLatest);
        ArgumentNullException.ThrowIfNull(fetchConsistency);
        var note = await fetchLatest(ct);
        var check = trusted.Verify(note);
        if (!check.IsValid || check.Body is null)
            return new MonitorResult(MonitorVerdict.BadSignature, null, null, $"the published checkpoint is not signed by a trusted key: {check.Problem}");
        var body = check.Body;
        if (!body.Origin.EndsWith("/" + tenant, StringComparison.Ordinal))
            return new MonitorResult(MonitorVerdict.BadSignature, null, body.TreeSize, $"the published checkpoint is of log \"{body.Origin}\", not of tenant {tenant}");

        var previous = state.Latest(tenant);
        var root = Convert.ToBase64String(body.RootHash);
        if (previous is null)
        {
            Remember(tenant, body, root, note);
            return new MonitorResult(MonitorVerdict.FirstSeen, null, body.TreeSize, $"first checkpoint of {tenant} recorded: size {Size(body.TreeSize)}");
        }
        if (body.TreeSize < previous.TreeSize)
            return new MonitorResult(MonitorVerdict.RolledBack, previous.TreeSize, body.TreeSize,
                $"ROLLED BACK: the log of {tenant} now publishes {Size(body.TreeSize)} events, but a checkpoint of {Size(previous.TreeSize)} was signed and seen on {previous.SeenAt:yyyy-MM-dd HH:mm}Z");
        if (body.TreeSize == previous.TreeSize)
            return root == previous.RootHash
                ? new MonitorResult(MonitorVerdict.Unchanged, previous.TreeSize, body.TreeSize, $"unchanged: size {Size(body.TreeSize)}")
                : new MonitorResult(MonitorVerdict.Forked, previous.TreeSize, body.TreeSize,
                    $"FORKED: two different trees of size {Size(body.TreeSize)} are signed for {tenant} (roots {previous.RootHash} and {root})");

        ConsistencyProof proof;
        try
        {
            proof = await fetchConsistency(previous.TreeSize, body.TreeSize, ct);
        }
        catch (FormatException ex)
        {
            return new MonitorResult(MonitorVerdict.Forked, previous.TreeSize, body.TreeSize, $"FORKED: the log gives no usable consistency proof from {Size(previous.TreeSize)} to {Size(body.TreeSize)}: {ex.Message}");
        }
        if (proof.OldSize != previous.TreeSize || proof.NewSize != body.TreeSize
            || !MerkleProofVerifier.VerifyConsistency(previous.TreeSize, body.TreeSize, proof.Path, Convert.FromBase64String(previous.RootHash), body.RootHash))
            return new MonitorResult(MonitorVerdict.Forked, previous.TreeSize, body.TreeSize,
                $"FORKED: the tree of {Size(body.TreeSize)} does not extend the tree of {Size(previous.TreeSize)} seen before (the consistency proof fails)");
        Remember(tenant, body, root, note);
        return new MonitorResult(MonitorVerdict.Grew, previous.TreeSize, body.TreeSize, $"consistent: grew from {Size(previous.TreeSize)} to {Size(body.TreeSize)}");
    }

    private void Remember(string tenant, CheckpointBody body, string root, string note) =>
        state.Append(new SeenCheckpoint(tenant, body.TreeSize, root, note, DateTimeOffset.UtcNow));

    private static string Size(long size) => size.ToString("N0", CultureInfo.InvariantCulture);
}
