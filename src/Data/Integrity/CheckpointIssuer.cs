using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Signs a checkpoint over a tenant's whole sealed tree. Before signing it proves, with RFC 6962
/// consistency proofs from stored hashes, that the new tree extends both the newest checkpoint in
/// the database and the newest one in the signer's own record (kept outside the database), so
/// the key never signs two inconsistent views even when the database was rolled back or forked.
/// Connect as auditexplorer_sealer.
/// </summary>
public sealed class CheckpointIssuer(NpgsqlDataSource sealerSource, CheckpointKeys keys, ILogger<CheckpointIssuer>? logger = null)
{
    private readonly ILogger _log = logger ?? (ILogger)NullLogger.Instance;

    public async Task<CheckpointIssueResult> IssueAsync(string tenantId, CancellationToken ct = default)
    {
        await using var conn = await sealerSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Waits for a running sealing batch, so the head and the stored nodes are complete.
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock($1)", conn))
        {
            lockCmd.Parameters.AddWithValue(EventSealer.LockKey);
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        var (size, _) = await EventSealer.ReadHeadAsync(conn, tenantId, ct);
        var previous = await CheckpointStore.LatestAsync(conn, tenantId, ct);
        SignedCheckpointEntry? recorded;
        try
        {
            recorded = await keys.SignedRecord.LatestAsync(tenantId, ct);
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException)
        {
            return RefuseByRecord(tenantId, previous, $"the signer's record {keys.SignedRecord.Location} cannot be read: {ex.Message}");
        }
        if (size == 0)
        {
            return recorded is null
                ? new CheckpointIssueResult(tenantId, CheckpointIssueStatus.EmptyLog, previous, null)
                : RefuseByRecord(tenantId, previous, $"the chain is empty but this signer signed tree size {recorded.TreeSize}: the log was rolled back");
        }

        var tree = new MerkleTreeReader(new StoredMerkleHashes(conn, tenantId));
        byte[] root;
        try
        {
            root = await tree.RootAsync(size, ct);
        }
        catch (MerkleDataMissingException ex)
        {
            return Refuse(tenantId, previous, $"the stored tree is incomplete: {ex.Message}");
        }

        // First what the database itself contradicts, then what only the signer's record can show
        // (a database rolled back or forked together with its checkpoints).
        if (previous is not null)
        {
            var check = keys.Keyring.Verify(previous.Note);
            if (!check.IsValid) return Refuse(tenantId, previous, $"the previous checkpoint (size {previous.TreeSize}) does not verify: {check.Problem}");
            var problem = await ContradictionAsync(tree, previous.TreeSize, previous.RootHash, size, root, $"checkpoint {previous.TreeSize}", ct);
            if (problem is not null) return Refuse(tenantId, previous, problem);
        }
        if (recorded is not null)
        {
            var problem = await ContradictionAsync(tree, recorded, size, root, ct);
            if (problem is not null) return RefuseByRecord(tenantId, previous, problem);
            // An acknowledgement's note carries its extension line, which stays in the record: for it, a plain
            // checkpoint of the same tree is signed below instead of restoring the note.
            if (recorded.Loss is null && recorded.TreeSize == size && (previous is null || previous.TreeSize < size))
                return await RestoreAsync(conn, tx, tenantId, recorded, ct);
        }
        if (previous is not null && previous.TreeSize == size)
            return new CheckpointIssueResult(tenantId, CheckpointIssueStatus.Unchanged, previous, null);

        var body = new CheckpointBody(CheckpointBody.OriginFor(keys.Signer.VerifierKey.Name, tenantId), size, root);
        var note = keys.SignCheckpoint(body).ToString();
        var signedAt = DateTimeOffset.UtcNow;
        // Recorded (and on disk) before the note can be seen anywhere: whatever the database later
        // claims, the signer knows it vouched for this tree.
        await keys.SignedRecord.AppendAsync(new SignedCheckpointEntry(tenantId, size, root, signedAt, note), ct);
        var stored = await InsertAsync(conn, tenantId, size, root, note, ct);
        await tx.CommitAsync(ct);
        return new CheckpointIssueResult(tenantId, CheckpointIssueStatus.Issued, stored, null);
    }

    /// <summary>Issues a checkpoint for every tenant whose chain grew past its latest checkpoint (for a periodic job).</summary>
    public async Task<IReadOnlyList<CheckpointIssueResult>> IssueForGrownTenantsAsync(CancellationToken ct = default)
    {
        var tenants = new List<string>();
        await using (var conn = await sealerSource.OpenConnectionAsync(ct))
        {
            await using var cmd = new NpgsqlCommand(
                """
                select t.tenant_id from audit.tenants t
                where coalesce((select max(s.seq) from audit.seals s where s.tenant_id = t.tenant_id), 0)
                    > coalesce((select max(c.tree_size) from audit.checkpoints c where c.tenant_id = t.tenant_id), 0)
                order by t.tenant_id
                """, conn);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) tenants.Add(reader.GetString(0));
        }
        var results = new List<CheckpointIssueResult>(tenants.Count);
        foreach (var tenant in tenants) results.Add(await IssueAsync(tenant, ct));
        return results;
    }

    private Task<string?> ContradictionAsync(MerkleTreeReader tree, SignedCheckpointEntry recorded, long size, byte[] root, CancellationToken ct)
    {
        var check = keys.Keyring.Verify(recorded.Note);
        if (!check.IsValid || check.Body!.TreeSize != recorded.TreeSize || !check.Body.RootHash.AsSpan().SequenceEqual(recorded.RootHash))
            return Task.FromResult<string?>($"the signer's record entry for size {recorded.TreeSize} does not verify ({check.Problem ?? "size or root differs from the note"}): the record was altered");
        if (recorded.Loss is { } loss && !loss.IsBoundTo(recorded.Note))
            return Task.FromResult<string?>($"the signer's record entry for size {recorded.TreeSize} claims an acknowledged loss its signed note does not carry: the record was altered");
        return ContradictionAsync(tree, recorded.TreeSize, recorded.RootHash, size, root,
            $"the checkpoint of size {recorded.TreeSize} this signer signed at {recorded.SignedAt:u} (its record {keys.SignedRecord.Location})", ct);
    }

    // Null when the tree of `size` leaves with `root` extends the signed (oldSize, oldRoot), else why not.
    internal static async Task<string?> ContradictionAsync(MerkleTreeReader tree, long oldSize, byte[] oldRoot, long size, byte[] root,
        string what, CancellationToken ct)
    {
        if (oldSize > size) return $"the chain has {size} events but {what} covers {oldSize}: the log was rolled back (the tail is missing)";
        if (oldSize == size)
            return oldRoot.AsSpan().SequenceEqual(root) ? null : $"the tree of {size} events no longer has the root of {what}: the log was forked";
        ConsistencyProof proof;
        try
        {
            proof = await tree.ConsistencyProofAsync(oldSize, size, ct);
        }
        catch (MerkleDataMissingException ex)
        {
            return $"the stored tree is incomplete: {ex.Message}";
        }
        return MerkleProofVerifier.VerifyConsistency(oldSize, size, proof.Path, oldRoot, root)
            ? null
            : $"the tree of {size} events is not consistent with {what}: the log was forked";
    }

    private async Task<CheckpointIssueResult> RestoreAsync(NpgsqlConnection conn, NpgsqlTransaction tx, string tenantId,
        SignedCheckpointEntry recorded, CancellationToken ct)
    {
        _log.LogWarning("Checkpoint {Size} of tenant {Tenant} was missing from the database; stored the note from the signer's record again",
            recorded.TreeSize, tenantId);
        var stored = await InsertAsync(conn, tenantId, recorded.TreeSize, recorded.RootHash, recorded.Note, ct);
        await tx.CommitAsync(ct);
        return new CheckpointIssueResult(tenantId, CheckpointIssueStatus.Restored, stored,
            $"checkpoint {recorded.TreeSize} was missing from audit.checkpoints and was restored from the signer's record");
    }

    private async Task<StoredCheckpoint> InsertAsync(NpgsqlConnection conn, string tenantId, long size, byte[] root, string note, CancellationToken ct)
    {
        var keyLabel = keys.Keyring.SignersOf(note).FirstOrDefault()?.Label ?? keys.Signer.VerifierKey.Label;
        await using var insert = new NpgsqlCommand(
            "insert into audit.checkpoints (tenant_id, tree_size, root_hash, note, key_id) values ($1, $2, $3, $4, $5) returning issued_at", conn);
        insert.Parameters.AddWithValue(tenantId);
        insert.Parameters.AddWithValue(size);
        insert.Parameters.AddWithValue(root);
        insert.Parameters.AddWithValue(note);
        insert.Parameters.AddWithValue(keyLabel);
        var issuedAt = (DateTime)(await insert.ExecuteScalarAsync(ct))!;
        return new StoredCheckpoint(tenantId, size, root, note, keyLabel, new DateTimeOffset(issuedAt, TimeSpan.Zero));
    }

    private static CheckpointIssueResult Refuse(string tenantId, StoredCheckpoint? previous, string problem) =>
        new(tenantId, CheckpointIssueStatus.Refused, previous, problem);

    private CheckpointIssueResult RefuseByRecord(string tenantId, StoredCheckpoint? previous, string problem)
    {
        _log.LogCritical("Refused to sign a checkpoint for tenant {Tenant}: {Problem}", tenantId, problem);
        return new(tenantId, CheckpointIssueStatus.RefusedBySignerRecord, previous, problem);
    }
}
