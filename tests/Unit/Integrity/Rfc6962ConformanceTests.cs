using System.Text.Json;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>
/// Every RFC 6962 proof vector of ../shared/conformance/rfc6962 (from transparency-dev/merkle):
/// the verifier must accept exactly the cases that want no error, malformed ones included.
/// </summary>
public sealed class Rfc6962ConformanceTests
{
    private static IEnumerable<string> Files(string kind)
    {
        var files = Directory.GetFiles(Path.Combine(TestFiles.Rfc6962Folder(), kind), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(files);
        return files;
    }

    [Fact]
    public void Inclusion_proof_verifier_gives_every_vector_its_verdict()
    {
        var wrong = new List<string>();
        var count = 0;
        foreach (var file in Files("inclusion"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var v = doc.RootElement;
            var wantErr = v.GetProperty("wantErr").GetBoolean();
            // Indexes and sizes beyond the signed 64-bit range are invalid input: rejected, never a crash.
            var valid = v.GetProperty("leafIdx").TryGetInt64(out var index) & v.GetProperty("treeSize").TryGetInt64(out var size)
                && MerkleProofVerifier.VerifyInclusion(Hash(v, "leafHash"), index, size, Proof(v), Hash(v, "root"));
            if (valid == wantErr) wrong.Add($"{Path.GetRelativePath(TestFiles.Rfc6962Folder(), file)}: {v.GetProperty("desc").GetString()} (want error: {wantErr})");
            count++;
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {count} inclusion vectors got the wrong verdict:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public void Consistency_proof_verifier_gives_every_vector_its_verdict()
    {
        var wrong = new List<string>();
        var count = 0;
        foreach (var file in Files("consistency"))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(file));
            var v = doc.RootElement;
            var wantErr = v.GetProperty("wantErr").GetBoolean();
            var valid = v.GetProperty("size1").TryGetInt64(out var size1) & v.GetProperty("size2").TryGetInt64(out var size2)
                && MerkleProofVerifier.VerifyConsistency(size1, size2, Proof(v), Hash(v, "root1"), Hash(v, "root2"));
            if (valid == wantErr) wrong.Add($"{Path.GetRelativePath(TestFiles.Rfc6962Folder(), file)}: {v.GetProperty("desc").GetString()} (want error: {wantErr})");
            count++;
        }
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {count} consistency vectors got the wrong verdict:\n" + string.Join("\n", wrong));
    }

    private static byte[] Hash(JsonElement v, string name) =>
        v.TryGetProperty(name, out var h) && h.ValueKind == JsonValueKind.String ? Convert.FromBase64String(h.GetString()!) : [];

    private static List<byte[]> Proof(JsonElement v) =>
        v.TryGetProperty("proof", out var p) && p.ValueKind == JsonValueKind.Array
            ? p.EnumerateArray().Select(e => e.ValueKind == JsonValueKind.String ? Convert.FromBase64String(e.GetString()!) : []).ToList()
            : [];
}
