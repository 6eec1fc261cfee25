using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Signs a checkpoint over a tenant's whole sealed tree. Before signing it proves, with an RFC 6962
/// consistency proof from stored hashes, that the new tree extends the previous checkpoint, so the
/// log never signs two inconsistent views. Connect as auditexplorer_sealer.
/// </summary>
public sealed class CheckpointIssuer(string sealerConnectionString, CheckpointKeys keys)
{
    public async Task<CheckpointIssueResult> IssueAsync(string tenantId, CancellationToken ct = default)
    {
        await using var conn = new NpgsqlConnection(sealerConnectionString);
        await conn.OpenAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Waits for a running sealing batch, so the head and the stored nodes are complete.
        await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock($1)", conn))
        {
            lockCmd.Parameters.AddWithValue(EventSealer.LockKey);
            await lockCmd.ExecuteNonQueryAsync(ct);
        }

        var (size, _) = await EventSealer.ReadHeadAsync(conn, tenantId, ct);
        var previous = await CheckpointStore.LatestAsync(conn, tenantId, ct);
        if (size == 0) return new CheckpointIssueResult(tenantId, CheckpointIssueStatus.EmptyLog, previous, null);

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

        if (previous is not null)
        {
            var check = keys.Keyring.Verify(previous.Note);
            if (!check.IsValid) return Refuse(tenantId, previous, $"the previous checkpoint (size {previous.TreeSize}) does not verify: {check.Problem}");
            if (previous.TreeSize > size)
                return Refuse(tenantId, previous, $"the chain has {size} events but checkpoint {previous.TreeSize} was signed: the tail is missing");
            if (previous.TreeSize == size)
                return previous.RootHash.AsSpan().SequenceEqual(root)
                    ? new CheckpointIssueResult(tenantId, CheckpointIssueStatus.Unchanged, previous, null)
                    : Refuse(tenantId, previous, $"the tree of {size} events no longer has the signed root");
            ConsistencyProof proof;
            try
            {
                proof = await tree.ConsistencyProofAsync(previous.TreeSize, size, ct);
            }
            catch (MerkleDataMissingException ex)
            {
                return Refuse(tenantId, previous, $"the stored tree is incomplete: {ex.Message}");
            }
            if (!MerkleProofVerifier.VerifyConsistency(previous.TreeSize, size, proof.Path, previous.RootHash, root))
                return Refuse(tenantId, previous, $"the tree of {size} events is not consistent with checkpoint {previous.TreeSize}");
        }

        var body = new CheckpointBody(CheckpointBody.OriginFor(keys.Signer.VerifierKey.Name, tenantId), size, root);
        var note = keys.Signer.SignCheckpoint(body).ToString();
        await using var insert = new NpgsqlCommand(
            "insert into audit.checkpoints (tenant_id, tree_size, root_hash, note, key_id) values ($1, $2, $3, $4, $5) returning issued_at", conn);
        insert.Parameters.AddWithValue(tenantId);
        insert.Parameters.AddWithValue(size);
        insert.Parameters.AddWithValue(root);
        insert.Parameters.AddWithValue(note);
        insert.Parameters.AddWithValue(keys.Signer.VerifierKey.Label);
        var issuedAt = (DateTime)(await insert.ExecuteScalarAsync(ct))!;
        await tx.CommitAsync(ct);
        return new CheckpointIssueResult(tenantId, CheckpointIssueStatus.Issued,
            new StoredCheckpoint(tenantId, size, root, note, keys.Signer.VerifierKey.Label, new DateTimeOffset(issuedAt, TimeSpan.Zero)), null);
    }

    /// <summary>Issues a checkpoint for every tenant whose chain grew past its latest checkpoint (for a periodic job).</summary>
    public async Task<IReadOnlyList<CheckpointIssueResult>> IssueForGrownTenantsAsync(CancellationToken ct = default)
    {
        var tenants = new List<string>();
        await using (var conn = new NpgsqlConnection(sealerConnectionString))
        {
            await conn.OpenAsync(ct);
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

    private static CheckpointIssueResult Refuse(string tenantId, StoredCheckpoint? previous, string problem) =>
        new(tenantId, CheckpointIssueStatus.Refused, previous, problem);
}
