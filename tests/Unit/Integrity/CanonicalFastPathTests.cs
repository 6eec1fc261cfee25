using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>
/// The streaming canonicalizer copies unescaped UTF-8 strings and ASCII member names straight from the input
/// and sorts members by their bytes. These tests hold it to the element path (<see cref="CanonicalJsonWriter.WriteElement"/>),
/// which decodes every string and sorts names as .NET strings, over the RFC 8785 vectors and generated documents
/// full of escapes, non-ASCII and astral names (where UTF-8 byte order and UTF-16 order differ), and large numbers.
/// </summary>
public sealed class CanonicalFastPathTests
{
    private static byte[] Streaming(string json)
    {
        var writer = new CanonicalJsonWriter();
        writer.WriteJson(json);
        return writer.ToArray();
    }

    private static byte[] ByElement(string json)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { MaxDepth = JsonCanonicalizer.MaxDepth });
        var writer = new CanonicalJsonWriter();
        writer.WriteElement(document.RootElement);
        return writer.ToArray();
    }

    [Theory]
    [MemberData(nameof(JsonCanonicalizerTests.ConformanceVectors), MemberType = typeof(JsonCanonicalizerTests))]
    public void Streaming_and_element_paths_agree_on_every_RFC_8785_vector(string name)
    {
        var input = File.ReadAllText(Path.Combine(TestFiles.Rfc8785Folder(), "input", name), Encoding.UTF8);
        Assert.Equal(ByElement(input), Streaming(input));
    }

    [Fact]
    public void Streaming_and_element_paths_agree_on_generated_documents()
    {
        var random = new Random(8785);
        for (var i = 0; i < 2000; i++)
        {
            var json = Document(random, 0);
            Assert.True(ByElement(json).AsSpan().SequenceEqual(Streaming(json)), $"document {i} differs: {json}");
        }
    }

    [Fact]
    public void Astral_names_sort_after_names_in_the_private_use_area_as_UTF_16_orders_them()
    {
        // By UTF-8 bytes U+E000 (EE 80 80) and U+FFFF (EF BF BF) would sort before U+1F600 (F0 9F 98 80); RFC 8785
        // orders by UTF-16 code units, where the astral character's high surrogate D83D comes first.
        var json = "{\"\\ud83d\\ude00\":1,\"\\uffff\":2,\"\uE000\":3,\"a\":4,\"\\u0041\":5}";
        Assert.Equal("{\"A\":5,\"a\":4,\"😀\":1,\"\uE000\":3,\"\uFFFF\":2}", Encoding.UTF8.GetString(Streaming(json)));
    }

    [Fact]
    public void An_escaped_name_that_equals_a_plain_one_is_a_duplicate()
    {
        var ex = Assert.Throws<FormatException>(() => Streaming("{\"a\":1,\"\\u0061\":2}"));
        Assert.Contains("duplicate", ex.Message);
    }

    [Fact]
    public void Unescaped_non_ASCII_and_escaped_strings_come_out_as_RFC_8785_writes_them()
    {
        var json = "{\"s\":\"Zürich \\u00fc \\/ \\u007f \\u001f \\t \\\" \\\\ 😀 \\ud83d\\ude00\"}";
        Assert.Equal("{\"s\":\"Zürich ü / \u007f \\u001f \\t \\\" \\\\ 😀 😀\"}", Encoding.UTF8.GetString(Streaming(json)));
    }

    [Theory]
    [InlineData(1L)]
    [InlineData(315_537_897_599_999_999L)] // 9999-12-31T23:59:59.9999999: the seventh digit is cut, not rounded
    [InlineData(31_494_816_000_000_000L)] // year 999
    [InlineData(638_000_000_123_456_789L)]
    public void Timestamps_written_digit_by_digit_match_the_RFC_3339_format_string(long ticks)
    {
        var utc = new DateTime(ticks, DateTimeKind.Utc);
        var expected = new DateTime(ticks - ticks % 10, DateTimeKind.Utc)
            .ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(expected, EventCanonicalForm.FormatTimestamp(new DateTimeOffset(utc)));
        // An offset is converted to UTC first.
        if (ticks > TimeSpan.TicksPerDay)
            Assert.Equal(expected, EventCanonicalForm.FormatTimestamp(new DateTimeOffset(utc).ToOffset(TimeSpan.FromHours(-5))));
    }

    private static readonly string[] Names =
    [
        "a", "b", "A", "aa", "a\u0000", "ä", "\u00e9", "\u20ac", "\uE000", "\uFFFD", "\uFFFF", "😀", "\U0001F600x", "日本",
        "tab\there", "quote\"", "back\\slash", "\u2028", "\u007f", "amount", "status", "Amount", "",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-1", "1.0", "1.5e3", "1E-7", "123456789012345678901234567890", "9007199254740993", "0.1",
        "1e21", "1e20", "5e-324", "1.7976931348623157e308", "-12.50", "333333333.33333329", "100",
    ];

    private static string Document(Random random, int depth)
    {
        var kind = depth > 4 ? random.Next(3, 7) : random.Next(0, 7);
        switch (kind)
        {
            case 0:
            case 1:
                var names = Names.OrderBy(_ => random.Next()).Take(random.Next(0, 12));
                return "{" + string.Join(",", names.Select(n => Escape(n, random) + ":" + Document(random, depth + 1))) + "}";
            case 2:
                return "[" + string.Join(",", Enumerable.Range(0, random.Next(0, 5)).Select(_ => Document(random, depth + 1))) + "]";
            case 3:
                return Numbers[random.Next(Numbers.Length)];
            case 4:
                return Escape(Names[random.Next(Names.Length)] + Names[random.Next(Names.Length)], random);
            case 5:
                return random.Next(3) switch { 0 => "true", 1 => "false", _ => "null" };
            default:
                return Escape(new string((char)random.Next(0x20, 0x7f), random.Next(0, 40)), random);
        }
    }

    // Writes a JSON string, escaping characters that need it and, at random, others that need not be.
    private static string Escape(string value, Random random)
    {
        var sb = new StringBuilder("\"");
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < value.Length;
            if (c < 0x20 || c == '"' || c == '\\' || random.Next(8) == 0)
            {
                sb.Append($"\\u{(int)c:x4}");
                if (pair) sb.Append($"\\u{(int)value[++i]:x4}"); // a surrogate pair is escaped whole or not at all
            }
            else
            {
                sb.Append(c);
                if (pair) sb.Append(value[++i]);
            }
        }
        return sb.Append('"').ToString();
    }
}
