using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Tests.Unit.Redaction;

public class CommitmentResolverTests
{
    private const string Stored = """{"customer": {"id": "c-7", "email": {"$personal": "aa11"}}, "lines": [{"$personal": "bb22"}]}""";
    private static readonly RevealedValues Values = new(new Dictionary<string, string> { ["aa11"] = "\"ann@example.com\"", ["bb22"] = "{\"n\": 1}" });

    [Fact]
    public void An_officer_sees_the_values_and_support_sees_redacted()
    {
        var officer = ViewerPrivacy.For("usr_alice", ["compliance_officer"], []).Resolve(Stored, Values)!;
        var support = ViewerPrivacy.For("usr_bob", ["support"], []).Resolve(Stored, Values)!;
        Assert.Contains("ann@example.com", officer);
        Assert.Contains("{\"n\":1}", officer);
        Assert.DoesNotContain("ann@example.com", support);
        Assert.Contains("\"email\":\"redacted\"", support);
        Assert.DoesNotContain("$personal", officer + support);
    }

    [Fact]
    public void A_commitment_without_its_value_shows_erased_to_everyone()
    {
        var erased = new RevealedValues(new Dictionary<string, string> { ["bb22"] = "1" });
        var officer = ViewerPrivacy.For("usr_alice", ["compliance_officer"], []).Resolve(Stored, erased)!;
        var support = ViewerPrivacy.For("usr_bob", ["support"], []).Resolve(Stored, erased)!;
        Assert.Contains("\"email\":\"erased\"", officer);
        Assert.Contains("\"email\":\"erased\"", support);
        Assert.Contains("\"lines\":[1]", officer);
    }

    [Fact]
    public void Documents_without_commitments_pass_through_unchanged()
    {
        const string plain = """{"a": 1, "note": "mentions $personal in text"}""";
        Assert.Same(plain, ViewerPrivacy.For("usr_alice", ["compliance_officer"], []).Resolve(plain, Values));
    }
}
