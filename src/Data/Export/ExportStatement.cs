using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// The in-toto Statement v1 inside manifest.dsse.json: one subject per file the manifest lists (name and
/// sha256), and as predicate the manifest's claims, which are manifest.json without its "files" member.
/// </summary>
public static class ExportStatement
{
    public const string StatementType = "https://in-toto.io/Statement/v1";
    public const string PredicateType = "https://auditexplorer.dev/evidence-package/claims/v1";

    /// <summary>The statement's JSON bytes for a finished manifest (its files are the subjects).</summary>
    public static byte[] Build(PackageManifest manifest) => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["_type"] = StatementType,
        ["subject"] = new JsonArray(manifest.Files.Select(f => (JsonNode)new JsonObject
        {
            ["name"] = f.Name,
            ["digest"] = new JsonObject { ["sha256"] = f.Sha256 },
        }).ToArray()),
        ["predicateType"] = PredicateType,
        ["predicate"] = Claims(manifest.ToJsonBytes()),
    });

    /// <summary>manifest.json's members other than "files", as the predicate holds them.</summary>
    public static JsonObject Claims(ReadOnlySpan<byte> manifestJson)
    {
        var root = JsonNode.Parse(manifestJson) as JsonObject ?? throw new JsonException("the manifest is not an object");
        root.Remove("files");
        return root;
    }

    /// <summary>RFC 8785 bytes of a JSON value, so two spellings of the same claims compare equal.</summary>
    public static string Canonical(JsonNode? node) => Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(node?.ToJsonString() ?? "null"));
}
