using System.Buffers.Binary;

namespace AuditExplorer.Data.Integrity;

/// <summary>A C2SP signed note: text (ending in a newline), a blank line, then one signature line per key.</summary>
public sealed record SignedNote(string Text, IReadOnlyList<NoteSignature> Signatures)
{
    public override string ToString() => Text + "\n" + string.Concat(Signatures.Select(s => s.ToLine()));

    public static SignedNote Parse(string note)
    {
        if (note.Any(c => c < 0x20 && c != '\n')) throw new FormatException("a signed note must not contain control characters other than newline");
        var split = note.LastIndexOf("\n\n", StringComparison.Ordinal);
        if (split < 0) throw new FormatException("a signed note needs a blank line between text and signatures");
        var text = note[..(split + 1)];
        var signatureBlock = note[(split + 2)..];
        if (!signatureBlock.EndsWith('\n')) throw new FormatException("the last signature line must end in a newline");
        var signatures = new List<NoteSignature>();
        foreach (var line in signatureBlock[..^1].Split('\n'))
        {
            if (!line.StartsWith("\u2014 ", StringComparison.Ordinal)) throw new FormatException("signature lines start with an em dash and a space");
            var parts = line[2..].Split(' ');
            if (parts.Length != 2 || parts[0].Length == 0) throw new FormatException("a signature line is: em dash, key name, base64 signature");
            byte[] blob;
            try
            {
                blob = Convert.FromBase64String(parts[1]);
            }
            catch (FormatException)
            {
                throw new FormatException($"signature by {parts[0]} is not base64");
            }
            if (blob.Length < 5) throw new FormatException($"signature by {parts[0]} is too short");
            signatures.Add(new NoteSignature(parts[0], BinaryPrimitives.ReadUInt32BigEndian(blob), blob[4..]));
        }
        return new SignedNote(text, signatures);
    }
}
