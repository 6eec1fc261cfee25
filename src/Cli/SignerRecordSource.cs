using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Cli;

/// <summary>Reads a signer's record (docs/event-format.md §6) from a file or an http(s) URL for verify-chain --checkpoints.</summary>
internal static class SignerRecordSource
{
    public static async Task<IReadOnlyList<SignedCheckpointEntry>> LoadAsync(string? source, bool given, CancellationToken ct)
    {
        if (!given) return [];
        if (string.IsNullOrWhiteSpace(source)) throw new CliUsageException("--checkpoints needs the signer's record: a file or an http(s) URL");
        string text;
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp))
        {
            using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(5) };
            try
            {
                text = await http.GetStringAsync(uri, ct);
            }
            catch (HttpRequestException ex)
            {
                throw new CliUsageException($"cannot fetch the signer's record from {source}: {ex.Message}");
            }
        }
        else
        {
            if (!File.Exists(source)) throw new CliUsageException($"--checkpoints {source} does not exist");
            text = await File.ReadAllTextAsync(source, ct);
        }
        try
        {
            return SignedCheckpointFile.Parse(text);
        }
        catch (FormatException ex)
        {
            throw new CliUsageException($"{source} is not a signer's record: {ex.Message}");
        }
    }
}
