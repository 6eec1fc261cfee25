using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// What a signer's record entry of kind "loss_acknowledged" adds to a checkpoint of the restored tree: the
/// signed size and root that were lost, who acknowledged it and why. Bound into the signed note by one
/// extension line, so nobody without the key can turn an ordinary record entry into an acknowledgement.
/// </summary>
public sealed record LossAcknowledgement(long LostSize, byte[] LostRoot, string AcknowledgedBy, string Reason, string? CaseId)
{
    /// <summary>The first word of the checkpoint extension line that carries an acknowledgement.</summary>
    public const string ExtensionWord = "loss-acknowledged";

    /// <summary>
    /// <c>loss-acknowledged &lt;lost size&gt; &lt;base64 lost root&gt; &lt;hex SHA-256 of ["by","reason","case"]&gt;</c>
    /// (docs/event-format.md §6): the note signs the lost tree and, through the digest, the operator's words.
    /// </summary>
    public string ExtensionLine()
    {
        var words = JsonSerializer.SerializeToUtf8Bytes(new[] { AcknowledgedBy, Reason, CaseId ?? "" });
        return string.Create(CultureInfo.InvariantCulture,
            $"{ExtensionWord} {LostSize} {Convert.ToBase64String(LostRoot)} {Convert.ToHexStringLower(SHA256.HashData(words))}");
    }

    /// <summary>True when <paramref name="note"/>'s signed text carries exactly this acknowledgement's extension line.</summary>
    public bool IsBoundTo(string note)
    {
        try
        {
            var lines = SignedNote.Parse(note).Text.Split('\n');
            return lines.Length == 5 && lines[3] == ExtensionLine();
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>"seqs a–b lost, acknowledged by X at T: reason (case C)" for reports and pages.</summary>
    public string Describe(long restoredSize, DateTimeOffset acknowledgedAt) =>
        string.Create(CultureInfo.InvariantCulture,
            $"seqs {restoredSize + 1}–{LostSize} lost, acknowledged by {AcknowledgedBy} at {acknowledgedAt:u}: {Reason}")
        + (CaseId is null ? "" : $" (case {CaseId})");
}
