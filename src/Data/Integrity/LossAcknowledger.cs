using System.Globalization;
using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The second honest way on after a restore to an older point (the first is re-ingesting): the signer's operator
/// acknowledges that seqs restored+1 … N are lost. Checks that the tenant really was rolled back and that N is the
/// size the signer's record holds, then, in one transaction as auditexplorer_sealer, appends the audited
/// integrity.loss_acknowledged event and its audit.acknowledged_losses row, stores a checkpoint of the restored
/// tree, and writes the signed acknowledgement into the signer's record before committing. The signer then signs
/// the new history, proved consistent with the restored tree. Anything refused writes nothing.
/// </summary>
public sealed class LossAcknowledger(NpgsqlDataSource sealerSource, CheckpointKeys keys)
{
    /// <summary>Acknowledges the loss, seals the event and signs the first checkpoint over it; throws <see cref="LossAcknowledgementRefusedException"/> when refused.</summary>
    public async Task<LossAcknowledgementResult> AcknowledgeAsync(LossAcknowledgementRequest request, CancellationToken ct = default)
    {
        var reason = request.Reason?.Trim() ?? "";
        if (reason.Length is 0 or > 2000) throw new LossAcknowledgementRefusedException("a reason is required to acknowledge a loss (1 to 2000 characters)");
        var caseId = string.IsNullOrWhiteSpace(request.CaseId) ? null : request.CaseId.Trim();
        if (caseId is { Length: > 200 }) throw new LossAcknowledgementRefusedException("a case id has at most 200 characters");
        if (string.IsNullOrWhiteSpace(request.OperatorId) || request.OperatorId.Length > 200)
            throw new LossAcknowledgementRefusedException("the operator acknowledging the loss must be named (1 to 200 characters)");

        SignedCheckpointEntry entry;
        Guid eventId;
        await using (var conn = await sealerSource.OpenConnectionAsync(ct))
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            // No sealing batch runs meanwhile: the chain end checked here is the one acknowledged.
            await using (var lockCmd = new NpgsqlCommand("select pg_advisory_xact_lock($1)", conn))
            {
                lockCmd.Parameters.AddWithValue(EventSealer.LockKey);
                await lockCmd.ExecuteNonQueryAsync(ct);
            }
            var (size, _) = await EventSealer.ReadHeadAsync(conn, request.TenantId, ct);
            var recorded = await keys.SignedRecord.LatestAsync(request.TenantId, ct);
            var lost = CheckRollback(request, size, recorded);
            var tree = new MerkleTreeReader(new StoredMerkleHashes(conn, request.TenantId));
            byte[] root;
            try
            {
                root = await tree.RootAsync(size, ct);
            }
            catch (MerkleDataMissingException ex)
            {
                throw new LossAcknowledgementRefusedException($"the stored tree of the restored chain is incomplete ({ex.Message}): verify it first");
            }
            // The restored tree must itself be sound up to its newest checkpoint: a loss is acknowledged, a fork is not.
            var previous = await CheckpointStore.LatestAsync(conn, request.TenantId, ct);
            if (previous is not null)
            {
                var check = keys.Keyring.Verify(previous.Note);
                var problem = !check.IsValid
                    ? $"the restored store's newest checkpoint (size {previous.TreeSize}) does not verify: {check.Problem}"
                    : await CheckpointIssuer.ContradictionAsync(tree, previous.TreeSize, previous.RootHash, size, root, $"checkpoint {previous.TreeSize}", ct);
                if (problem is not null) throw new LossAcknowledgementRefusedException($"the restored chain is not sound, so its loss cannot be acknowledged: {problem}");
            }

            var loss = new LossAcknowledgement(lost.TreeSize, lost.RootHash, request.OperatorId, reason, caseId);
            var body = new CheckpointBody(CheckpointBody.OriginFor(keys.Signer.VerifierKey.Name, request.TenantId), size, root);
            var note = keys.SignCheckpoint(body, [loss.ExtensionLine()]).ToString();
            entry = new SignedCheckpointEntry(request.TenantId, size, root, DateTimeOffset.UtcNow, note, loss);

            await using (var cmd = new NpgsqlCommand("select audit.acknowledge_loss($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)", conn))
            {
                cmd.Parameters.AddWithValue(request.TenantId);
                cmd.Parameters.AddWithValue(request.OperatorId);
                cmd.Parameters.AddWithValue(size);
                cmd.Parameters.AddWithValue(root);
                cmd.Parameters.AddWithValue(lost.TreeSize);
                cmd.Parameters.AddWithValue(lost.RootHash);
                cmd.Parameters.AddWithValue(lost.SignedAt);
                cmd.Parameters.AddWithValue(reason);
                cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)caseId ?? DBNull.Value);
                cmd.Parameters.AddWithValue(note);
                eventId = (Guid)(await cmd.ExecuteScalarAsync(ct))!;
            }
            // The restored tree's checkpoint, unless the store still holds one at that size (same root: checked above).
            // It is a plain note: the acknowledgement's extension line stays in the record, out of packages and witnesses.
            if (previous is null || previous.TreeSize < size)
            {
                var plain = keys.SignCheckpoint(body).ToString();
                // Recorded before it is stored, like every note the signer makes.
                await keys.SignedRecord.AppendAsync(new SignedCheckpointEntry(request.TenantId, size, root, entry.SignedAt, plain), ct);
                await using var insert = new NpgsqlCommand(
                    "insert into audit.checkpoints (tenant_id, tree_size, root_hash, note, key_id) values ($1, $2, $3, $4, $5)", conn);
                insert.Parameters.AddWithValue(request.TenantId);
                insert.Parameters.AddWithValue(size);
                insert.Parameters.AddWithValue(root);
                insert.Parameters.AddWithValue(plain);
                insert.Parameters.AddWithValue(keys.Signer.VerifierKey.Label);
                await insert.ExecuteNonQueryAsync(ct);
            }
            // Recorded before the commit, like a checkpoint. Should the commit itself fail, the record holds an
            // acknowledgement the log has no event (and no audit.acknowledged_losses row) for: verification still names
            // the loss from the record, and the missing row is visible on the Integrity page (docs/operations.md).
            await keys.SignedRecord.AppendAsync(entry, ct);
            await tx.CommitAsync(ct);
        }

        var sealedNow = await new EventSealer(sealerSource).SealPendingAsync(request.TenantId, ct: ct);
        var checkpoint = await new CheckpointIssuer(sealerSource, keys).IssueAsync(request.TenantId, ct);
        return new LossAcknowledgementResult(entry, eventId, sealedNow, checkpoint);
    }

    // The newest record entry must be a checkpoint bigger than the chain (a rollback) and be the size the operator named.
    private SignedCheckpointEntry CheckRollback(LossAcknowledgementRequest request, long size, SignedCheckpointEntry? recorded)
    {
        string Count(long n) => n.ToString(CultureInfo.InvariantCulture);
        if (recorded is null)
            throw new LossAcknowledgementRefusedException(
                $"tenant \"{request.TenantId}\" has no rollback: the signer's record {keys.SignedRecord.Location} holds no checkpoint of it");
        if (recorded.TreeSize <= size)
            throw new LossAcknowledgementRefusedException(
                $"tenant \"{request.TenantId}\" has no rollback: the chain holds {Count(size)} events and the signer last signed size {Count(recorded.TreeSize)}; nothing is lost");
        if (request.ThroughSize != recorded.TreeSize)
            throw new LossAcknowledgementRefusedException(
                $"--through-size {Count(request.ThroughSize)} does not match the signer's record, which last signed size {Count(recorded.TreeSize)} at {recorded.SignedAt:u}: "
                + $"the lost seqs are {Count(size + 1)}–{Count(recorded.TreeSize)}");
        if (size == 0)
            throw new LossAcknowledgementRefusedException(
                $"tenant \"{request.TenantId}\" has no sealed events left: nothing to continue from (re-ingest, or start the tenant anew)");
        var check = keys.Keyring.Verify(recorded.Note);
        if (!check.IsValid || recorded.Loss is { } l && !l.IsBoundTo(recorded.Note))
            throw new LossAcknowledgementRefusedException($"the signer's record entry for size {Count(recorded.TreeSize)} does not verify: the record was altered");
        return recorded;
    }
}
