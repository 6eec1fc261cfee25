namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// Whether a signed checkpoint carries valid cosignatures from at least <c>quorum</c> of the witness keys a
/// verifier trusts. Lines by other keys are ignored; a line under a trusted witness's name and key id that does
/// not verify makes the note invalid (as signed-note requires for known keys).
/// </summary>
public static class CosignatureQuorum
{
    public static CosignatureQuorumResult Check(string note, IReadOnlyList<WitnessVerifierKey> witnesses, int quorum)
    {
        SignedNote parsed;
        try
        {
            parsed = SignedNote.Parse(note);
        }
        catch (FormatException ex)
        {
            return new CosignatureQuorumResult(false, true, [], $"malformed checkpoint: {ex.Message}");
        }
        var valid = new List<CheckpointCosignature>();
        foreach (var signature in parsed.Signatures)
        {
            foreach (var witness in witnesses.Where(w => w.Matches(signature)))
            {
                if (witness.Verify(parsed.Text, signature) is not { } time)
                    return new CosignatureQuorumResult(false, true, valid, $"the cosignature by {witness.Label} does not verify: the checkpoint or the cosignature was altered");
                valid.Add(new CheckpointCosignature(witness.Name, witness.Label, DateTimeOffset.FromUnixTimeSeconds(time), CosignatureStatus.Verified));
            }
        }
        var distinct = valid.DistinctBy(c => c.KeyLabel).ToList();
        return distinct.Count >= quorum
            ? new CosignatureQuorumResult(true, false, distinct, null)
            : new CosignatureQuorumResult(false, false, distinct,
                $"cosigned by {distinct.Count} of the {witnesses.Count} trusted witnesses ({(distinct.Count == 0 ? "none" : string.Join(", ", distinct.Select(c => c.KeyLabel)))}), {quorum} required");
    }
}
