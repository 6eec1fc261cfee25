using System.Diagnostics;
using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>
/// vectors/edge-cases.json: the documented edge cases and hash format 2 (back links), computed by
/// the independent Node.js implementation node/canonical-events.mjs and matched by the product.
/// </summary>
public sealed class EdgeCaseVectorTests
{
    private static string File => Path.Combine(TestFiles.RepoRoot(), "tests", "Unit", "Integrity", "vectors", "edge-cases.json");

    private static JsonElement Vectors()
    {
        using var doc = JsonDocument.Parse(System.IO.File.ReadAllText(File));
        return doc.RootElement.GetProperty("vectors").Clone();
    }

    public static TheoryData<int> VectorIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Vectors().GetArrayLength(); i++) data.Add(i);
        return data;
    }

    private static EventLinks Links(JsonElement v)
    {
        if (!v.TryGetProperty("links", out var l)) return EventLinks.Format1;
        Assert.Equal(2, l.GetProperty("hash_format").GetInt32());
        static long? Seq(JsonElement e) => e.ValueKind == JsonValueKind.Null ? null : e.GetInt64();
        return EventLinks.Linked(Seq(l.GetProperty("prev_record_seq")), Seq(l.GetProperty("prev_actor_seq")));
    }

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Edge_case_canonical_bytes_and_hashes_match_the_independent_implementation(int index)
    {
        var v = Vectors()[index];
        var e = EventCanonicalFormTests.ToEvent(v.GetProperty("event"));

        var canonical = EventCanonicalForm.Encode(e, v.GetProperty("seq").GetInt64(), Links(v));

        Assert.Equal(v.GetProperty("canonical").GetString(), Encoding.UTF8.GetString(canonical));
        var prev = Convert.FromHexString(v.GetProperty("prev_hash").GetString()!);
        Assert.Equal(v.GetProperty("hash").GetString(), Convert.ToHexStringLower(EventChainHash.Compute(canonical, prev)));
        Assert.Equal(v.GetProperty("leaf_hash").GetString(), Convert.ToHexStringLower(MerkleHasher.HashLeaf(canonical)));
    }

    [Fact]
    public void Format_1_and_format_2_bytes_of_one_event_differ_only_by_the_link_members()
    {
        var vectors = Vectors();
        var format2 = vectors[0].GetProperty("canonical").GetString()!;
        var format1 = vectors[vectors.GetArrayLength() - 1].GetProperty("canonical").GetString()!;

        Assert.DoesNotContain("hash_format", format1);
        Assert.Equal(format1, format2.Replace(",\"hash_format\":2", "").Replace(",\"prev_actor_seq\":null,\"prev_record_seq\":null", ""));
    }

    [Fact]
    public void The_sealer_assigns_the_links_the_vectors_state_for_one_record_in_one_batch()
    {
        var vectors = Vectors();
        var batch = Enumerable.Range(0, 4).Select(i => EventCanonicalFormTests.ToEvent(vectors[i].GetProperty("event"))).ToList();
        var assigner = new BackLinkAssigner(new Dictionary<(string, string), long>(), new Dictionary<string, long>());

        var links = assigner.Assign(batch, 1);

        for (var i = 0; i < 4; i++) Assert.Equal(Links(vectors[i]), links[i]);
        Assert.Equal(4, assigner.MovedRecords[("contract", "7")]);
        Assert.Equal(4, assigner.MovedActors["u-1"]);
        Assert.Equal(2, assigner.MovedActors["u-2"]);
    }

    [Fact]
    public void Stored_heads_carry_links_across_batches()
    {
        var e = EventCanonicalFormTests.ToEvent(Vectors()[1].GetProperty("event"));
        var assigner = new BackLinkAssigner(new Dictionary<(string, string), long> { [("contract", "7")] = 40 }, new Dictionary<string, long> { ["u-2"] = 41 });

        Assert.Equal(EventLinks.Linked(40, 41), assigner.Assign([e], 50)[0]);
    }

    [Fact]
    public async Task Node_recomputes_the_committed_vector_file_byte_for_byte()
    {
        var start = new ProcessStartInfo("node") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(TestFiles.RepoRoot(), "tests", "Unit", "Integrity", "node", "canonical-events.mjs"));
        start.ArgumentList.Add(File);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start (Node.js must be on PATH)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await process.WaitForExitAsync(timeout.Token);
        Assert.True(process.ExitCode == 0, await stderr);

        Assert.Equal(await System.IO.File.ReadAllTextAsync(File), await stdout);
    }
}
