using System.Globalization;

namespace AuditExplorer.Data.Integrity;

/// <summary>The signed text of a C2SP tlog-checkpoint: origin line, decimal tree size, base64 root hash, each ending in a newline.</summary>
public sealed record CheckpointBody(string Origin, long TreeSize, byte[] RootHash)
{
    public string ToText() =>
        $"{Origin}\n{TreeSize.ToString(CultureInfo.InvariantCulture)}\n{Convert.ToBase64String(RootHash)}\n";

    /// <summary>Reads the first three lines of a checkpoint text; extension lines after them are allowed and ignored.</summary>
    public static CheckpointBody Parse(string text)
    {
        var lines = text.Split('\n');
        if (lines.Length < 4 || lines[^1].Length != 0)
            throw new FormatException("a checkpoint has an origin, a tree size and a root hash line, each ending in a newline");
        if (lines[0].Length == 0) throw new FormatException("checkpoint origin line is empty");
        if (!long.TryParse(lines[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size) || (lines[1].Length > 1 && lines[1][0] == '0'))
            throw new FormatException($"checkpoint tree size \"{lines[1]}\" is not a decimal number without leading zeros");
        byte[] root;
        try
        {
            root = Convert.FromBase64String(lines[2]);
        }
        catch (FormatException)
        {
            throw new FormatException("checkpoint root hash is not base64");
        }
        if (root.Length != 32) throw new FormatException("checkpoint root hash is not 32 bytes");
        return new CheckpointBody(lines[0], size, root);
    }

    public static string OriginFor(string originPrefix, string tenantId) => $"{originPrefix}/{tenantId}";
}
