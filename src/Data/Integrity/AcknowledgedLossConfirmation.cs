using System.Globalization;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Checks the database's acknowledged losses against the signer's own record (docs/verification.md): a row counts
/// only when the record holds a loss-acknowledged entry whose note verifies with the trusted keys and whose signed
/// extension line binds exactly the row's lost size and root, operator, reason and case, continuing from the row's
/// restored tree. Anyone who can insert a row cannot sign one, so an unmatched row is a rollback. Without a record
/// (<paramref name="record"/> null) nothing can be checked.
/// </summary>
public sealed class AcknowledgedLossConfirmation(ISignedCheckpointRecord? record, CheckpointKeyring keyring)
{
    /// <summary>True when a signer's record is configured (a file the app signs into, or a read-only copy).</summary>
    public bool HasRecord => record is not null;

    /// <summary>One check per row, in the rows' order; never throws for an unreadable record (the rows then cannot be checked).</summary>
    public async Task<IReadOnlyList<AcknowledgedLossCheck>> CheckAsync(string tenantId, IReadOnlyList<AcknowledgedLoss> losses, CancellationToken ct = default)
    {
        if (losses.Count == 0) return [];
        if (record is null)
            return Unchecked(losses, "this app is not given the signer's record, so it cannot tell whether the signer acknowledged this loss");
        if (await ReadAsync(record, tenantId, ct) is not { } entries)
            return Unchecked(losses, "the signer's record could not be read just now, so this acknowledgement is unchecked");
        return losses.Select(loss => Check(tenantId, loss, entries)).ToList();
    }

    /// <summary>
    /// The tenant's acknowledgements the record holds, signed and verified, that no confirmed row of
    /// <paramref name="checks"/> matches: the signer acknowledged a loss the database has no row (and no audited event)
    /// for, because the acknowledgement's commit failed or the row was removed. Empty without a readable record.
    /// </summary>
    public async Task<IReadOnlyList<SignedCheckpointEntry>> SignedWithoutRowAsync(string tenantId, IReadOnlyList<AcknowledgedLossCheck> checks,
        CancellationToken ct = default)
    {
        // Unreadable: the rows then say "cannot be checked", and the signer-record banner names the record.
        if (record is null || await ReadAsync(record, tenantId, ct) is not { } entries) return [];
        var confirmed = checks.Where(c => c.Status == AcknowledgedLossStatus.Confirmed).Select(c => c.Loss).ToList();
        return entries.Where(e => e.Loss!.IsBoundTo(e.Note) && Verified(tenantId, e)
                                  && !confirmed.Any(c => c.RestoredSize == e.TreeSize && Claimed(c).IsBoundTo(e.Note))).ToList();
    }

    // Null when the record cannot be read now (a timed-out download is a TaskCanceledException too; the caller's own
    // cancellation still propagates).
    private static async Task<IReadOnlyList<SignedCheckpointEntry>?> ReadAsync(ISignedCheckpointRecord record, string tenantId, CancellationToken ct)
    {
        try
        {
            return await record.AcknowledgementsAsync(tenantId, ct);
        }
        catch (Exception ex) when ((ex is IOException or InvalidDataException or FormatException or UnauthorizedAccessException
                                        or HttpRequestException or TaskCanceledException) && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    private static LossAcknowledgement Claimed(AcknowledgedLoss loss) =>
        new(loss.LostThroughSeq, loss.LostRoot, loss.AcknowledgedBy, loss.Reason, loss.CaseId);

    private bool Verified(string tenantId, SignedCheckpointEntry entry)
    {
        var check = keyring.Verify(entry.Note);
        return check.IsValid && check.Body!.TreeSize == entry.TreeSize && check.Body.RootHash.AsSpan().SequenceEqual(entry.RootHash)
            && check.Body.Origin.EndsWith("/" + tenantId, StringComparison.Ordinal);
    }

    private static List<AcknowledgedLossCheck> Unchecked(IReadOnlyList<AcknowledgedLoss> losses, string detail) =>
        losses.Select(l => new AcknowledgedLossCheck(l, AcknowledgedLossStatus.CannotBeChecked, detail)).ToList();

    private AcknowledgedLossCheck Check(string tenantId, AcknowledgedLoss loss, IReadOnlyList<SignedCheckpointEntry> entries)
    {
        var seqs = string.Create(CultureInfo.InvariantCulture, $"seqs {loss.LostFromSeq}–{loss.LostThroughSeq}");
        var candidates = entries.Where(e => e.TreeSize == loss.RestoredSize && e.Loss!.LostSize == loss.LostThroughSeq).ToList();
        if (candidates.Count == 0)
            return new(loss, AcknowledgedLossStatus.NotConfirmed, $"the signer's record holds no acknowledgement of {seqs}");
        // The row as the signer would have signed it: its own words, not the record's copy of them.
        var claimed = Claimed(loss);
        string? problem = null;
        foreach (var entry in candidates)
        {
            var found = Problem(tenantId, entry, claimed, loss);
            if (found is null)
                return new(loss, AcknowledgedLossStatus.Confirmed,
                    $"{seqs}: signed by {keyring.Verify(entry.Note).Signer!.Label} at {entry.SignedAt.ToString("u", CultureInfo.InvariantCulture)} in the signer's record");
            problem ??= found;
        }
        return new(loss, AcknowledgedLossStatus.NotConfirmed, $"the signer's record entry for {seqs} {problem}");
    }

    private string? Problem(string tenantId, SignedCheckpointEntry entry, LossAcknowledgement claimed, AcknowledgedLoss loss)
    {
        var check = keyring.Verify(entry.Note);
        if (!check.IsValid) return $"does not verify with the trusted keys ({check.Problem})";
        if (check.Body!.TreeSize != entry.TreeSize || !check.Body.RootHash.AsSpan().SequenceEqual(entry.RootHash)
            || !check.Body.Origin.EndsWith("/" + tenantId, StringComparison.Ordinal))
            return "records another size, root or tenant than its signed note";
        if (!entry.Loss!.IsBoundTo(entry.Note)) return "claims an acknowledgement its signed note does not carry: the record was altered";
        if (!claimed.IsBoundTo(entry.Note)) return "signs another lost root, operator, reason or case than the database shows";
        if (!entry.RootHash.AsSpan().SequenceEqual(loss.RestoredRoot)) return "continues from another restored tree than the database shows";
        return null;
    }
}
