using AuditExplorer.Data.Export;

namespace AuditExplorer.Tests.Unit.Export;

/// <summary>The C2SP tlog-proof text form: written exactly as c2sp.org/tlog-proof@v1 shows it and read strictly.</summary>
public sealed class TlogProofTests
{
    private const string Note = "auditexplorer/acme\n10\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n\n\u2014 auditexplorer/acme AAAA\n";
    private static readonly byte[] One = Enumerable.Repeat((byte)1, 32).ToArray();
    private static readonly byte[] Two = Enumerable.Repeat((byte)2, 32).ToArray();

    [Fact]
    public void A_proof_is_header_index_one_hash_a_line_a_blank_line_and_the_checkpoint_verbatim()
    {
        var text = new TlogProof(6, [One, Two], Note).ToText();

        Assert.Equal("c2sp.org/tlog-proof@v1\nindex 6\n" + Convert.ToBase64String(One) + "\n" + Convert.ToBase64String(Two) + "\n\n" + Note, text);
        var parsed = TlogProof.Parse(text);
        Assert.Equal((6L, Note), (parsed.Index, parsed.Checkpoint));
        Assert.Equal([One, Two], parsed.Path);
    }

    [Fact]
    public void An_empty_path_proves_the_only_leaf_of_a_one_entry_tree()
    {
        var parsed = TlogProof.Parse(new TlogProof(0, [], Note).ToText());

        Assert.Equal(0, parsed.Index);
        Assert.Empty(parsed.Path);
    }

    [Theory]
    [InlineData("c2sp.org/tlog-proof@v2\nindex 6\n\n", "the first line")]
    [InlineData("c2sp.org/tlog-proof@v1\nindex 06\n\n", "leading zeros")]
    [InlineData("c2sp.org/tlog-proof@v1\nindex -1\n\n", "leading zeros")]
    [InlineData("c2sp.org/tlog-proof@v1\nextra AAAA\nindex 6\n\n", "extra")]
    [InlineData("c2sp.org/tlog-proof@v1\nindex 6\nAAAA\n\n", "not one base64 SHA-256 hash")]
    [InlineData("c2sp.org/tlog-proof@v1\nindex 6\nnot base64!\n\n", "not base64")]
    public void Malformed_proofs_are_refused_with_a_reason(string head, string reason)
    {
        var error = Assert.Throws<FormatException>(() => TlogProof.Parse(head + Note));

        Assert.Contains(reason, error.Message);
    }

    [Fact]
    public void A_proof_without_a_checkpoint_is_refused()
    {
        var error = Assert.Throws<FormatException>(() => TlogProof.Parse("c2sp.org/tlog-proof@v1\nindex 6\n"));

        Assert.Contains("no blank line", error.Message);
    }
}
