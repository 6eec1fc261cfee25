using System.Text.Json;

namespace AuditExplorer.Data.Integrity;

/// <summary>RFC 8785 JSON Canonicalization Scheme: turns any JSON text into its one canonical UTF-8 form.</summary>
public static class JsonCanonicalizer
{
    /// <summary>Deepest nesting accepted; deeper documents are rejected before anything is written.</summary>
    public const int MaxDepth = 1000;

    private static readonly JsonDocumentOptions Strict = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth };

    public static byte[] Canonicalize(string json)
    {
        using var document = Parse(() => JsonDocument.Parse(json, Strict));
        return Write(document.RootElement);
    }

    public static byte[] Canonicalize(ReadOnlyMemory<byte> utf8Json)
    {
        using var document = Parse(() => JsonDocument.Parse(utf8Json, Strict));
        return Write(document.RootElement);
    }

    /// <summary>Writes <paramref name="json"/> canonically into <paramref name="writer"/>.</summary>
    public static void WriteTo(CanonicalJsonWriter writer, string json)
    {
        using var document = Parse(() => JsonDocument.Parse(json, Strict));
        writer.WriteElement(document.RootElement);
    }

    private static byte[] Write(JsonElement root)
    {
        var writer = new CanonicalJsonWriter();
        writer.WriteElement(root);
        return writer.ToArray();
    }

    private static JsonDocument Parse(Func<JsonDocument> parse)
    {
        try
        {
            return parse();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"not valid JSON: {ex.Message}", ex);
        }
    }
}
