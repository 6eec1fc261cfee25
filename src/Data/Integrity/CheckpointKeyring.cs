namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Every public key checkpoints may be signed with, old ones included so rotation never orphans a
/// checkpoint. A key named "name" also vouches for the logs "name/&lt;tenant&gt;": a note whose
/// signature carries its origin as key name (what the product signs since Ed25519) is checked
/// with the key under that name; notes signed under the bare key name (older P-256 checkpoints)
/// still verify.
/// </summary>
public sealed class CheckpointKeyring(IEnumerable<CheckpointVerifierKey> keys)
{
    public IReadOnlyList<CheckpointVerifierKey> Keys { get; } = keys.DistinctBy(k => (k.Name, k.KeyId, k.SignatureType)).ToList();

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
            foreach (var (trusted, named) in KeysFor(signature, body.Origin))
            {
                if (!named.Verify(parsed.Text, signature)) return CheckpointCheck.Fail($"signature by {named.Label} does not verify");
                signer ??= trusted;
            }
        }
        return signer is null
            ? CheckpointCheck.Fail("no signature by a trusted key (" + string.Join(", ", parsed.Signatures.Select(s => $"{s.KeyName}+{s.KeyId:x8}")) + ")")
            : CheckpointCheck.Ok(body, signer);
    }

    /// <summary>The trusted keys (under the name they signed with) whose signatures are on the note; the note is not verified here.</summary>
    public IReadOnlyList<CheckpointVerifierKey> SignersOf(string note)
    {
        var parsed = SignedNote.Parse(note);
        var origin = CheckpointBody.Parse(parsed.Text).Origin;
        return parsed.Signatures.SelectMany(s => KeysFor(s, origin)).Select(k => k.Named).DistinctBy(k => (k.Name, k.KeyId)).ToList();
    }

    // A signature matches a key by exact name and id, or by the origin-derived name when the
    // origin lies under the key's name: the trusted key, and the key under the name it signed with.
    private IEnumerable<(CheckpointVerifierKey Trusted, CheckpointVerifierKey Named)> KeysFor(NoteSignature signature, string origin)
    {
        foreach (var key in Keys)
        {
            if (key.Name == signature.KeyName)
            {
                if (key.KeyId == signature.KeyId) yield return (key, key);
            }
            else if (signature.KeyName == origin && origin.StartsWith(key.Name + "/", StringComparison.Ordinal))
            {
                var derived = key.WithName(origin);
                if (derived.KeyId == signature.KeyId) yield return (key, derived);
            }
        }
    }
}
