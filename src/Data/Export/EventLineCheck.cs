using System.Buffers;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// The checks of one events.jsonl line that depend on nothing but the line: it parses, belongs to the
/// package's tenant, is byte for byte the canonical line (so no two packages with the same events
/// differ), and its content matches its leaf and chain hash. Holds its own buffers: one instance per thread.
/// </summary>
internal sealed class EventLineCheck(string tenantId)
{
    private static readonly IReadOnlyList<LineProblem> None = [];
    private readonly ArrayBufferWriter<byte> _reserialized = new(1 << 16);
    private readonly CanonicalJsonWriter _canonical = new();

    public CheckedEventLine Check(long lineNo, byte[] line)
    {
        ExportedEvent row;
        try
        {
            row = EventJsonLine.Parse(line);
            _reserialized.ResetWrittenCount();
            // Writes the event's canonical bytes into _canonical on the way: they are what the hashes cover.
            EventJsonLine.Write(_reserialized, row, _canonical);
        }
        catch (FormatException ex)
        {
            return new CheckedEventLine(lineNo, null, null, [new LineProblem(null, ex.Message)]);
        }
        List<LineProblem>? problems = null;
        void Found(string problem) => (problems ??= []).Add(new LineProblem(row.Seq, problem));

        if (row.Event.TenantId != tenantId) Found($"belongs to tenant {row.Event.TenantId}, not {tenantId}");
        if (!_reserialized.WrittenSpan[..^1].SequenceEqual(line))
            Found("is not byte for byte the canonical line (member order, whitespace, escapes or number form differ)");
        var canonical = _canonical.WrittenSpan;
        var leaf = MerkleHasher.HashLeaf(canonical);
        if (!leaf.AsSpan().SequenceEqual(row.LeafHash))
            Found("the event's content does not match its leaf hash: a value was changed");
        if (!EventChainHash.Compute(canonical, row.PrevHash).AsSpan().SequenceEqual(row.Hash))
            Found("the event's content does not match its chain hash: a value was changed");
        return new CheckedEventLine(lineNo, row, leaf, problems ?? None);
    }
}
