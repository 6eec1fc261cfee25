using System.Globalization;
using System.Text;

namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// The body of a C2SP tlog-witness add-checkpoint request: "old &lt;size&gt;" line, up to 63 base64 consistency
/// proof lines, an empty line, then the signed checkpoint note.
/// </summary>
public sealed record AddCheckpointRequest(long OldSize, IReadOnlyList<byte[]> Proof, string Note)
{
    /// <summary>The most proof lines a request may carry (tlog-witness).</summary>
    public const int MaxProofLines = 63;

    public string ToBody()
    {
        var sb = new StringBuilder();
        sb.Append("old ").Append(OldSize.ToString(CultureInfo.InvariantCulture)).Append('\n');
        foreach (var hash in Proof) sb.Append(Convert.ToBase64String(hash)).Append('\n');
        sb.Append('\n').Append(Note);
        return sb.ToString();
    }

    /// <exception cref="FormatException">The body is not an add-checkpoint request.</exception>
    public static AddCheckpointRequest Parse(string body)
    {
        var end = body.IndexOf('\n');
        if (end < 0 || !body.StartsWith("old ", StringComparison.Ordinal)) throw new FormatException("the body must start with an \"old <size>\" line");
        var sizeText = body[4..end];
        if (!long.TryParse(sizeText, NumberStyles.None, CultureInfo.InvariantCulture, out var oldSize) || (sizeText.Length > 1 && sizeText[0] == '0'))
            throw new FormatException($"old size \"{sizeText}\" is not a decimal number without leading zeros");
        var proof = new List<byte[]>();
        var pos = end + 1;
        while (true)
        {
            var next = body.IndexOf('\n', pos);
            if (next < 0) throw new FormatException("the proof lines must be followed by an empty line and the checkpoint");
            if (next == pos) break;
            if (proof.Count == MaxProofLines) throw new FormatException($"more than {MaxProofLines} consistency proof lines");
            byte[] hash;
            try
            {
                hash = Convert.FromBase64String(body[pos..next]);
            }
            catch (FormatException)
            {
                throw new FormatException($"consistency proof line {proof.Count + 1} is not base64");
            }
            if (hash.Length != 32) throw new FormatException($"consistency proof line {proof.Count + 1} is not a 32-byte hash");
            proof.Add(hash);
            pos = next + 1;
        }
        return new AddCheckpointRequest(oldSize, proof, body[(pos + 1)..]);
    }
}
