using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Cli;

/// <summary>
/// An auditor's trust file (verify-package --trust F): the log public keys they accept, one
/// "name+keyid+base64" a line; blank lines and lines starting with '#' are ignored.
/// </summary>
internal static class TrustFile
{
    public static IReadOnlyList<CheckpointVerifierKey> Read(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new CliUsageException($"cannot read the trust file {path}: {ex.Message}");
        }
        var keys = new List<CheckpointVerifierKey>();
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#')) continue;
            try
            {
                keys.Add(CheckpointVerifierKey.Parse(line));
            }
            catch (Exception ex) when (ex is FormatException or ArgumentException)
            {
                throw new CliUsageException($"{path} line {i + 1} is not a checkpoint public key: {ex.Message}");
            }
        }
        if (keys.Count == 0) throw new CliUsageException($"the trust file {path} holds no key");
        return keys;
    }
}
