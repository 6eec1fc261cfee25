namespace AuditExplorer.Data.Integrity;

/// <summary>Every public key checkpoints may be signed with, old ones included so rotation never orphans a checkpoint.</summary>
public sealed class CheckpointKeyring(IEnumerable<CheckpointVerifierKey> keys)
{
    public IReadOnlyList<CheckpointVerifierKey> Keys { get; } = keys.DistinctBy(k => (k.Name, k.KeyId)).ToList();

    /// <summary>
    /// Verifies a signed checkpoint note per C2SP signed-note: unknown keys are ignored, a failing
    /// signature from a known key rejects the note, and at least one known key must have signed.
    /// </summary>
    public CheckpointCheck Verify(string note)
    {
        SignedNote parsed;
        CheckpointBody body;
        try
        {
            parsed = SignedNote.Parse(note);
            body = CheckpointBody.Parse(parsed.Text);
        }
        catch (FormatException ex)
        {
            return CheckpointCheck.Fail($"malformed checkpoint: {ex.Message}");
        }
        CheckpointVerifierKey? signer = null;
        foreach (var signature in parsed.Signatures)
        {
            var key = Keys.FirstOrDefault(k => k.Name == signature.KeyName && k.KeyId == signature.KeyId);
            if (key is null) continue;
            if (!key.Verify(parsed.Text, signature)) return CheckpointCheck.Fail($"signature by {key.Label} does not verify");
            signer ??= key;
        }
        return signer is null
            ? CheckpointCheck.Fail("no signature by a trusted key (" + string.Join(", ", parsed.Signatures.Select(s => $"{s.KeyName}+{s.KeyId:x8}")) + ")")
            : CheckpointCheck.Ok(body, signer);
    }
}
