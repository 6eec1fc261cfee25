using System.Text;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

public sealed class JsonCanonicalizerTests
{
    public static TheoryData<string> ConformanceVectors()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(TestFiles.Rfc8785Folder(), "input"), "*.json").Order())
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void Conformance_folder_holds_vectors()
    {
        Assert.True(ConformanceVectors().Count >= 6);
    }

    [Theory]
    [MemberData(nameof(ConformanceVectors))]
    public void Canonical_bytes_match_the_RFC_8785_vector(string name)
    {
        var folder = TestFiles.Rfc8785Folder();
        var input = File.ReadAllText(Path.Combine(folder, "input", name), Encoding.UTF8);
        var expected = File.ReadAllBytes(Path.Combine(folder, "output", name));

        var actual = JsonCanonicalizer.Canonicalize(input);

        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(actual));
        Assert.Equal(expected, actual);
    }

    [Theory]
    [InlineData("1e21", "1e+21")]
    [InlineData("1e20", "100000000000000000000")]
    [InlineData("1e-7", "1e-7")]
    [InlineData("0.000001", "0.000001")]
    [InlineData("123e-20", "1.23e-18")]
    [InlineData("-0", "0")]
    [InlineData("-0.0", "0")]
    [InlineData("5e-324", "5e-324")]
    [InlineData("1.7976931348623157e308", "1.7976931348623157e+308")]
    [InlineData("9007199254740993", "9007199254740992")]
    [InlineData("1.0", "1")]
    [InlineData("-12.50", "-12.5")]
    [InlineData("0.1", "0.1")]
    [InlineData("100", "100")]
    [InlineData("295147905179352830000", "295147905179352830000")]
    [InlineData("1.5e-7", "1.5e-7")]
    public void Numbers_are_written_as_ECMAScript_prints_them(string json, string expected)
    {
        Assert.Equal(expected, Encoding.UTF8.GetString(JsonCanonicalizer.Canonicalize(json)));
    }

    [Fact]
    public void Control_characters_use_short_escapes_or_lower_case_hex()
    {
        var canonical = JsonCanonicalizer.Canonicalize("\"\\u0008\\u0009\\u000a\\u000c\\u000d\\u001f\\u007f/\"");
        Assert.Equal("\"\\b\\t\\n\\f\\r\\u001f\u007f/\"", Encoding.UTF8.GetString(canonical));
    }

    [Fact]
    public void Duplicate_member_names_are_rejected()
    {
        var ex = Assert.Throws<FormatException>(() => JsonCanonicalizer.Canonicalize("{\"a\":1,\"a\":2}"));
        Assert.Contains("duplicate", ex.Message);
    }

    [Fact]
    public void Invalid_json_gives_a_clear_error()
    {
        var ex = Assert.Throws<FormatException>(() => JsonCanonicalizer.Canonicalize("{\"a\":"));
        Assert.StartsWith("not valid JSON", ex.Message);
    }

    [Fact]
    public void Numbers_beyond_double_range_are_rejected()
    {
        Assert.Throws<FormatException>(() => JsonCanonicalizer.Canonicalize("1e400"));
    }
}
