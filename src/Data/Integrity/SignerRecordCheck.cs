using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The signer's alarm: compares the newest checkpoint of every tenant in the signer's own record
/// with the database's newest checkpoint and tree, and names tenants whose log was rolled back
/// (the database is behind what was signed) or forked (it holds another history). For health
/// checks and the Integrity page; connect as auditexplorer_sealer (or the owner).
/// </summary>
public sealed class SignerRecordCheck(NpgsqlDataSource dataSource, ISignedCheckpointRecord record, CheckpointKeyring keyring)
{
    /// <summary>One finding per tenant that disagrees with the record; empty when the database holds everything the signer signed.</summary>
    public async Task<IReadOnlyList<SignerRecordFinding>> CheckAsync(CancellationToken ct = default)
    {
        IReadOnlyList<SignedCheckpointEntry> entries;
        try
        {
            entries = await record.LatestPerTenantAsync(ct);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException or HttpRequestException)
        {
            return [new SignerRecordFinding("*", SignerRecordFindingKind.RecordUnreadable, 0, null, $"the signer's record {record.Location} cannot be read: {ex.Message}")];
        }
        if (entries.Count == 0) return [];
        return await AuditExplorer.Data.Store.PooledRead.RunAsync<IReadOnlyList<SignerRecordFinding>>(dataSource, async conn =>
        {
            var findings = new List<SignerRecordFinding>();
            foreach (var entry in entries)
            {
                if (await CheckTenantAsync(conn, entry, ct) is { } finding) findings.Add(finding);
            }
            return findings;
        }, ct);
    }

    /// <summary>
    /// The finding for one tenant (the Integrity page's banner), or null when the database holds what the
    /// signer recorded for it or the record has nothing for it. Same decision as <see cref="CheckAsync"/>.
    /// </summary>
    public async Task<SignerRecordFinding?> CheckTenantAsync(string tenantId, CancellationToken ct = default)
    {
        SignedCheckpointEntry? entry;
        try
        {
            entry = await record.LatestAsync(tenantId, ct);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException or HttpRequestException)
        {
            return new SignerRecordFinding(tenantId, SignerRecordFindingKind.RecordUnreadable, 0, null, $"the signer's record {record.Location} cannot be read: {ex.Message}");
        }
        if (entry is null) return null;
        return await AuditExplorer.Data.Store.PooledRead.RunAsync(dataSource, conn => CheckTenantAsync(conn, entry, ct), ct);
    }

    private async Task<SignerRecordFinding?> CheckTenantAsync(NpgsqlConnection conn, SignedCheckpointEntry entry, CancellationToken ct)
    {
        var check = keyring.Verify(entry.Note);
        if (!check.IsValid || check.Body!.TreeSize != entry.TreeSize || !check.Body.RootHash.AsSpan().SequenceEqual(entry.RootHash))
            return new SignerRecordFinding(entry.TenantId, SignerRecordFindingKind.RecordUnreadable, entry.TreeSize, null,
                $"the record's entry for size {entry.TreeSize} does not verify: {check.Problem ?? "size or root differs from the note"}", entry.SignedAt);
        if (entry.Loss is { } loss && !loss.IsBoundTo(entry.Note))
            return new SignerRecordFinding(entry.TenantId, SignerRecordFindingKind.RecordUnreadable, entry.TreeSize, null,
                $"the record's entry for size {entry.TreeSize} claims an acknowledged loss its signed note does not carry", entry.SignedAt);

        await using var tx = await AuditExplorer.Data.Access.TenantScope.BeginAsync(conn, entry.TenantId, ct, System.Data.IsolationLevel.RepeatableRead);
        var latest = await CheckpointStore.LatestAsync(conn, entry.TenantId, ct);
        var (chain, _) = await EventSealer.ReadHeadAsync(conn, entry.TenantId, ct);
        var atSize = await CheckpointStore.AtSizeAsync(conn, entry.TenantId, entry.TreeSize, ct);
        if (atSize is not null && !atSize.RootHash.AsSpan().SequenceEqual(entry.RootHash))
            return Forked(entry, latest, $"the database's checkpoint {entry.TreeSize} has another root than the one this signer signed");
        if (chain < entry.TreeSize)
            return new SignerRecordFinding(entry.TenantId, SignerRecordFindingKind.RolledBack, entry.TreeSize, latest?.TreeSize,
                $"this signer signed tree size {entry.TreeSize} at {entry.SignedAt:u}, but the chain ends at seq {chain}: the log was rolled back", entry.SignedAt);

        var tree = new MerkleTreeReader(new StoredMerkleHashes(conn, entry.TenantId));
        try
        {
            if (!(await tree.RootAsync(entry.TreeSize, ct)).AsSpan().SequenceEqual(entry.RootHash))
                return Forked(entry, latest, $"the stored tree of {entry.TreeSize} events has another root than the one this signer signed");
        }
        catch (MerkleDataMissingException ex)
        {
            return Forked(entry, latest, $"the stored tree cannot prove the signed size {entry.TreeSize}: {ex.Message}");
        }
        if (latest is null || latest.TreeSize < entry.TreeSize)
            return new SignerRecordFinding(entry.TenantId, SignerRecordFindingKind.RolledBack, entry.TreeSize, latest?.TreeSize,
                $"this signer signed tree size {entry.TreeSize} at {entry.SignedAt:u}, but the database's newest checkpoint is "
                + (latest is null ? "none" : latest.TreeSize.ToString(System.Globalization.CultureInfo.InvariantCulture))
                + ": checkpoints were removed (the events are still there)", entry.SignedAt);
        return null;
    }

    private static SignerRecordFinding Forked(SignedCheckpointEntry entry, StoredCheckpoint? latest, string detail) =>
        new(entry.TenantId, SignerRecordFindingKind.Forked, entry.TreeSize, latest?.TreeSize, detail, entry.SignedAt);
}
