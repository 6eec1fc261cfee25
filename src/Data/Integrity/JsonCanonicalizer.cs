namespace AuditExplorer.Data.Integrity;

/// <summary>RFC 8785 JSON Canonicalization Scheme: turns any JSON text into its one canonical UTF-8 form.</summary>
public static class JsonCanonicalizer
{
    /// <summary>Deepest nesting accepted; deeper documents are rejected.</summary>
    public const int MaxDepth = 1000;

    public static byte[] Canonicalize(string json)
    {
        var writer = new CanonicalJsonWriter();
        writer.WriteJson(json);
        return writer.ToArray();
    }

    public static byte[] Canonicalize(ReadOnlyMemory<byte> utf8Json)
    {
        var writer = new CanonicalJsonWriter();
        writer.WriteJson(utf8Json.Span);
        return writer.ToArray();
    }

    /// <summary>Writes <paramref name="json"/> canonically into <paramref name="writer"/>.</summary>
    public static void WriteTo(CanonicalJsonWriter writer, string json) => writer.WriteJson(json);
}
