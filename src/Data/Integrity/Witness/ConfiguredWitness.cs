namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>A witness the sealer submits checkpoints to: its submission URL prefix and its public key.</summary>
public sealed record ConfiguredWitness(Uri Url, WitnessVerifierKey Key)
{
    /// <summary>
    /// Parses "url key" (whitespace between), several separated by ';' or newlines, as AUDITEXPLORER_WITNESSES and
    /// `seal --witness` take them.
    /// </summary>
    /// <exception cref="FormatException">An entry is not an absolute http(s) URL and a witness key.</exception>
    public static IReadOnlyList<ConfiguredWitness> ParseList(string text) =>
        text.Split([';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(Parse).ToList();

    /// <exception cref="FormatException">Not "url key".</exception>
    public static ConfiguredWitness Parse(string entry)
    {
        var parts = entry.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 2) throw new FormatException($"a witness is \"<url> <name+keyid+base64key>\", not \"{entry}\"");
        return Create(parts[0], parts[1]);
    }

    /// <exception cref="FormatException">The URL is not absolute http(s) or the key is not a witness key.</exception>
    public static ConfiguredWitness Create(string url, string key)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            throw new FormatException($"witness URL \"{url}\" is not an absolute http(s) URL");
        return new ConfiguredWitness(uri, WitnessVerifierKey.Parse(key));
    }

    /// <summary>The add-checkpoint endpoint under the submission prefix.</summary>
    public Uri AddCheckpointUrl => new(Url.AbsoluteUri.TrimEnd('/') + "/add-checkpoint");
}
