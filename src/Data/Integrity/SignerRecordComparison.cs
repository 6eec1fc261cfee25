using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The parts of a verification run that compare the database with the signer's own record
/// (<see cref="ChainVerifier"/>; the comparisons with the recomputed tree run in <see cref="ChainScan"/>).
/// </summary>
internal static class SignerRecordComparison
{
    // Record entries of this tenant whose signature verifies; the others become findings.
    public static List<SignedCheckpointEntry> TrustedEntries(CheckpointKeyring keyring, string tenantId, IReadOnlyCollection<SignedCheckpointEntry> record, List<DamageFinding> findings)
    {
        var good = new List<SignedCheckpointEntry>();
        foreach (var entry in record.Where(e => e.TenantId == tenantId))
        {
            var check = keyring.Verify(entry.Note);
            if (!check.IsValid)
                findings.Add(new DamageFinding(DamageKind.CheckpointSignatureInvalid, null, null, $"signer record entry {entry.TreeSize}: {check.Problem}"));
            else if (entry.Loss is { } loss && !loss.IsBoundTo(entry.Note))
                findings.Add(new DamageFinding(DamageKind.CheckpointSignatureInvalid, null, null,
                    $"signer record entry {entry.TreeSize}: an acknowledged loss that its signed note does not carry (the record was altered)"));
            else if (check.Body!.TreeSize != entry.TreeSize || !check.Body.RootHash.AsSpan().SequenceEqual(entry.RootHash)
                     || !check.Body.Origin.EndsWith("/" + tenantId, StringComparison.Ordinal))
                findings.Add(new DamageFinding(DamageKind.CheckpointSignatureInvalid, null, null,
                    $"signer record entry {entry.TreeSize}: the recorded size, root or tenant differs from the signed note"));
            else good.Add(entry);
        }
        return good;
    }

    // Applies the record's acknowledged losses in record order: checkpoints signed before an acknowledgement
    // and bigger than its restored size belong to the lost tree and are compared no more; the acknowledgement
    // itself is a checkpoint of the restored tree (compared like any other), and each becomes a finding.
    public static List<SignedCheckpointEntry> ApplyAcknowledgements(List<SignedCheckpointEntry> trusted, List<DamageFinding> losses)
    {
        var current = new List<SignedCheckpointEntry>();
        foreach (var entry in trusted)
        {
            if (entry.Loss is { } loss)
            {
                current.RemoveAll(c => c.TreeSize > entry.TreeSize);
                losses.Add(new DamageFinding(DamageKind.LossAcknowledged, entry.TreeSize + 1, null, loss.Describe(entry.TreeSize, entry.SignedAt)));
            }
            current.Add(entry);
        }
        return current;
    }

    // The database must hold every checkpoint the signer made: a recorded tree bigger than the
    // newest stored checkpoint means checkpoints were removed; another root at the same size is a fork.
    public static void CheckStoredCheckpoints(List<SignedCheckpointEntry> recorded, List<StoredCheckpoint> stored, List<DamageFinding> findings)
    {
        if (recorded.Count == 0) return;
        var newestRecorded = recorded.MaxBy(r => r.TreeSize)!;
        var newestStored = stored.Count == 0 ? 0 : stored.Max(c => c.TreeSize);
        if (newestRecorded.TreeSize > newestStored)
            findings.Add(new DamageFinding(DamageKind.RolledBack, null, null,
                $"the signer signed checkpoint {newestRecorded.TreeSize} at {newestRecorded.SignedAt:u}, but the database's newest checkpoint is {newestStored}: checkpoints were removed"));
        foreach (var r in recorded)
        {
            var same = stored.FirstOrDefault(c => c.TreeSize == r.TreeSize);
            if (same is not null && !same.RootHash.AsSpan().SequenceEqual(r.RootHash))
                findings.Add(new DamageFinding(DamageKind.Forked, null, null,
                    $"the database's checkpoint {r.TreeSize} has another root than the one the signer recorded: two histories were signed"));
        }
    }

    // Incremental runs start above these sizes: compare them with the stored tree, which the
    // resume check just tied to the proven checkpoint.
    public static async Task CheckStoredTreeAsync(NpgsqlConnection conn, string tenantId, IEnumerable<SignedCheckpointEntry> entries,
        List<DamageFinding> findings, CancellationToken ct)
    {
        var tree = new MerkleTreeReader(new StoredMerkleHashes(conn, tenantId));
        foreach (var entry in entries)
        {
            byte[] root;
            try
            {
                root = await tree.RootAsync(entry.TreeSize, ct);
            }
            catch (MerkleDataMissingException ex)
            {
                findings.Add(new DamageFinding(DamageKind.Forked, null, null, $"the stored tree cannot produce the signer's checkpoint {entry.TreeSize}: {ex.Message}"));
                continue;
            }
            if (!root.AsSpan().SequenceEqual(entry.RootHash))
                findings.Add(new DamageFinding(DamageKind.Forked, null, null,
                    $"the signer signed another tree of size {entry.TreeSize} (at {entry.SignedAt:u}) than the stored tree holds: the log was forked"));
        }
    }
}
