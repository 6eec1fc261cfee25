using AuditExplorer.Data.Diff;

namespace AuditExplorer.Tests.Unit.Diff;

public class CanonicalJsonPrinterTests
{
    [Fact]
    public void Members_are_sorted_by_ordinal_name_and_indented_two_spaces()
    {
        var text = CanonicalJsonPrinter.Print("""{"b":[1,{"z":true,"a":null}],"B":"x","a":{}}""");

        Assert.Equal(
            """
            {
              "B": "x",
              "a": {},
              "b": [
                1,
                {
                  "a": null,
                  "z": true
                }
              ]
            }
            """.ReplaceLineEndings("\n"),
            text);
    }

    [Fact]
    public void Same_document_in_any_member_order_prints_identically()
    {
        Assert.Equal(
            CanonicalJsonPrinter.Print("""{"x":1,"y":{"q":[],"p":2}}"""),
            CanonicalJsonPrinter.Print("""  {"y":{"p":2,"q":[]},   "x":1}"""));
    }

    [Fact]
    public void No_document_prints_as_empty_text()
    {
        Assert.Equal("", CanonicalJsonPrinter.Print((string?)null));
    }

    [Fact]
    public void Scalars_print_compactly_with_readable_unicode_and_markup()
    {
        Assert.Equal("\"<b>é\\\"</b>\"", CanonicalJsonPrinter.Print("\"<b>\\u00e9\\\"</b>\""));
        Assert.Equal("1.50", CanonicalJsonPrinter.Print("1.50"));
    }

    [Fact]
    public void Indentation_stops_growing_for_pathologically_deep_documents()
    {
        const int depth = 10_000;
        var text = CanonicalJsonPrinter.Print(new string('[', depth) + "0" + new string(']', depth));

        var lines = text.Split('\n');
        Assert.Equal(2 * depth + 1, lines.Length);
        Assert.True(lines.Max(l => l.Length) <= 2 * CanonicalJsonPrinter.MaxIndentLevels + 1);
    }

    [Fact]
    public void Invalid_json_gives_a_clear_error()
    {
        Assert.Throws<InvalidAuditJsonException>(() => CanonicalJsonPrinter.Print("{\"a\":1,}"));
    }
}
