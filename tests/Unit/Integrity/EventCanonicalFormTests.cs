using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Tests.Unit.Integrity;

public sealed class EventCanonicalFormTests
{
    private static JsonElement Vectors()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestFiles.EventVectors));
        return doc.RootElement.GetProperty("vectors").Clone();
    }

    public static TheoryData<int> VectorIndexes()
    {
        var data = new TheoryData<int>();
        for (var i = 0; i < Vectors().GetArrayLength(); i++) data.Add(i);
        return data;
    }

    internal static AuditEvent ToEvent(JsonElement e) => new()
    {
        TenantId = e.GetProperty("tenant_id").GetString()!,
        Id = Guid.Parse(e.GetProperty("id").GetString()!),
        OccurredAt = DateTimeOffset.Parse(e.GetProperty("occurred_at").GetString()!),
        RecordedAt = DateTimeOffset.Parse(e.GetProperty("recorded_at").GetString()!),
        ActorId = e.GetProperty("actor").GetProperty("id").GetString()!,
        ActorKind = e.GetProperty("actor").GetProperty("kind").GetString()!,
        Action = e.GetProperty("action").GetString()!,
        ChangeKind = e.GetProperty("change_kind").GetString()!,
        EntityType = e.GetProperty("entity").GetProperty("type").GetString()!,
        EntityId = e.GetProperty("entity").GetProperty("id").GetString()!,
        OldValues = e.GetProperty("old_values").GetString(),
        NewValues = e.GetProperty("new_values").GetString(),
        Context = e.GetProperty("context").GetString()!,
        SchemaVersion = e.GetProperty("schema_version").GetInt32(),
    };

    [Theory]
    [MemberData(nameof(VectorIndexes))]
    public void Canonical_bytes_and_hashes_match_the_committed_vector(int index)
    {
        var v = Vectors()[index];
        var e = ToEvent(v.GetProperty("event"));
        var seq = v.GetProperty("seq").GetInt64();

        var canonical = EventCanonicalForm.Encode(e, seq);

        Assert.Equal(v.GetProperty("canonical").GetString(), Encoding.UTF8.GetString(canonical));
        var prev = Convert.FromHexString(v.GetProperty("prev_hash").GetString()!);
        Assert.Equal(v.GetProperty("hash").GetString(), Convert.ToHexStringLower(EventChainHash.Compute(canonical, prev)));
        Assert.Equal(v.GetProperty("leaf_hash").GetString(), Convert.ToHexStringLower(MerkleHasher.HashLeaf(canonical)));
    }

    [Fact]
    public void Vectors_form_one_chain_starting_at_zero()
    {
        var vectors = Vectors();
        var prev = Convert.ToHexStringLower(EventChainHash.Genesis());
        foreach (var v in vectors.EnumerateArray())
        {
            Assert.Equal(prev, v.GetProperty("prev_hash").GetString());
            prev = v.GetProperty("hash").GetString()!;
        }
    }

    [Fact]
    public void Merkle_root_of_the_vectors_matches()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestFiles.EventVectors));
        var tree = CompactMerkleRange.Empty();
        foreach (var v in doc.RootElement.GetProperty("vectors").EnumerateArray())
            tree.Append(Convert.FromHexString(v.GetProperty("leaf_hash").GetString()!));
        Assert.Equal(doc.RootElement.GetProperty("merkle_root_of_all").GetString(), Convert.ToHexStringLower(tree.Root()));
    }

    [Fact]
    public void Hand_ordered_writer_equals_generic_canonicalization_of_the_same_object()
    {
        var e = ToEvent(Vectors()[1].GetProperty("event"));
        var generic = new Dictionary<string, object?>
        {
            ["tenant_id"] = e.TenantId, ["id"] = e.Id.ToString(), ["seq"] = 7,
            ["occurred_at"] = EventCanonicalForm.FormatTimestamp(e.OccurredAt),
            ["recorded_at"] = EventCanonicalForm.FormatTimestamp(e.RecordedAt),
            ["actor"] = new { id = e.ActorId, kind = e.ActorKind }, ["action"] = e.Action, ["change_kind"] = e.ChangeKind,
            ["entity"] = new { type = e.EntityType, id = e.EntityId },
            ["old_values"] = JsonDocument.Parse(e.OldValues!).RootElement, ["new_values"] = JsonDocument.Parse(e.NewValues!).RootElement,
            ["context"] = JsonDocument.Parse(e.Context).RootElement, ["schema_version"] = e.SchemaVersion,
        };

        var expected = JsonCanonicalizer.Canonicalize(JsonSerializer.Serialize(generic));

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(EventCanonicalForm.Encode(e, 7)));
    }

    [Fact]
    public void Numbers_beyond_double_range_are_hashed_as_their_text()
    {
        var huge = "1" + new string('0', 400);
        var e = ToEvent(Vectors()[0].GetProperty("event"));
        var withHuge = new AuditEvent
        {
            TenantId = e.TenantId, Id = e.Id, OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt, ActorId = e.ActorId,
            ActorKind = e.ActorKind, Action = e.Action, ChangeKind = e.ChangeKind, EntityType = e.EntityType, EntityId = e.EntityId,
            NewValues = $"{{\"x\": {huge}, \"y\": 1.0}}", SchemaVersion = 1,
        };

        var text = Encoding.UTF8.GetString(EventCanonicalForm.Encode(withHuge, 1));

        Assert.Contains($"\"new_values\":{{\"x\":\"{huge}\",\"y\":1}}", text);
    }

    [Fact]
    public void Documents_nested_beyond_the_depth_limit_are_hashed_as_their_text()
    {
        var deep = string.Concat(Enumerable.Repeat("{\"a\":", 1500)) + "1" + new string('}', 1500);
        var e = ToEvent(Vectors()[0].GetProperty("event"));
        var withDeep = new AuditEvent
        {
            TenantId = e.TenantId, Id = e.Id, OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt, ActorId = e.ActorId,
            ActorKind = e.ActorKind, Action = e.Action, ChangeKind = e.ChangeKind, EntityType = e.EntityType, EntityId = e.EntityId,
            OldValues = deep, SchemaVersion = 1,
        };

        var text = Encoding.UTF8.GetString(EventCanonicalForm.Encode(withDeep, 1));

        Assert.Contains("\"old_values\":\"{\\\"a\\\":{", text);
    }

    [Fact]
    public void Timestamps_are_utc_with_six_fraction_digits()
    {
        var t = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.FromHours(2)).AddTicks(1234567);
        Assert.Equal("2026-01-02T01:04:05.123456Z", EventCanonicalForm.FormatTimestamp(t));
    }

    [Fact]
    public void Changing_any_value_changes_the_hash()
    {
        var e = ToEvent(Vectors()[0].GetProperty("event"));
        var original = EventChainHash.Compute(EventCanonicalForm.Encode(e, 1), EventChainHash.Genesis());
        var altered = new AuditEvent
        {
            TenantId = e.TenantId, Id = e.Id, OccurredAt = e.OccurredAt, RecordedAt = e.RecordedAt, ActorId = e.ActorId,
            ActorKind = e.ActorKind, Action = e.Action, ChangeKind = e.ChangeKind, EntityType = e.EntityType, EntityId = e.EntityId,
            OldValues = e.OldValues, NewValues = e.NewValues!.Replace("1200", "1201"), Context = e.Context, SchemaVersion = e.SchemaVersion,
        };
        Assert.NotEqual(original, EventChainHash.Compute(EventCanonicalForm.Encode(altered, 1), EventChainHash.Genesis()));
        Assert.NotEqual(original, EventChainHash.Compute(EventCanonicalForm.Encode(e, 2), EventChainHash.Genesis()));
    }
}
