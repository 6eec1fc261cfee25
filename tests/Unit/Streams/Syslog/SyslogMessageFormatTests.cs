using System.Text;
using AuditExplorer.Data.Streams;
using AuditExplorer.Data.Streams.Syslog;

namespace AuditExplorer.Tests.Unit.Streams.Syslog;

/// <summary>RFC 5424 messages, checked against vectors written by hand from the RFC's ABNF.</summary>
public sealed class SyslogMessageFormatTests
{
    static readonly Guid Id = Guid.Parse("01900000-0000-7000-8000-000000000001");

    static SyslogSettings Settings(int facility = 13, int max = 8192) => new("receiver", 514, false, null, "ae-host", facility, max);

    static StreamMessage Message(string body, string tenant = "acme", long seq = 42, DateTimeOffset? at = null) =>
        new(tenant, seq, Id, at ?? new DateTimeOffset(2026, 3, 4, 5, 6, 7, TimeSpan.Zero).AddTicks(1234560), Encoding.UTF8.GetBytes(body), "application/json");

    static byte[] Bytes(string header, string body) => [.. Encoding.ASCII.GetBytes(header), 0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(body)];

    [Fact]
    public void A_message_has_pri_110_the_event_time_the_action_as_msgid_and_the_tenant_seq_and_id()
    {
        var body = "{\"action\":\"contract.publish\",\"id\":1}";
        var expected = Bytes("<110>1 2026-03-04T05:06:07.123456Z ae-host auditexplorer - contract.publish " +
                             "[auditexplorer@32473 tenant=\"acme\" seq=\"42\" id=\"01900000-0000-7000-8000-000000000001\"] ", body);
        Assert.Equal(expected, SyslogMessageFormat.Format(Message(body), Settings()));
    }

    [Fact]
    public void The_timestamp_is_in_utc_and_the_facility_sets_the_pri()
    {
        var at = new DateTimeOffset(2026, 12, 31, 23, 30, 0, TimeSpan.FromHours(-2));
        var bytes = SyslogMessageFormat.Format(Message("{}", at: at), Settings(facility: 4));
        Assert.StartsWith("<38>1 2027-01-01T01:30:00.000000Z ", Encoding.UTF8.GetString(bytes));
    }

    [Theory]
    [InlineData("{\"x\":1}")]
    [InlineData("{\"action\":\"has space\"}")]
    [InlineData("{\"action\":\"a.very.long.action.name.over.32.chars\"}")]
    [InlineData("{\"nested\":{\"action\":\"contract.publish\"}}")]
    [InlineData("{\"action\":7}")]
    [InlineData("not json at all")]
    public void Without_a_usable_top_level_action_the_msgid_is_audit(string body)
    {
        Assert.Contains(" auditexplorer - audit [", Encoding.UTF8.GetString(SyslogMessageFormat.Format(Message(body), Settings())));
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\"b", "a\\\"b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a]b", "a\\]b")]
    [InlineData("\"]\\", "\\\"\\]\\\\")]
    [InlineData("[=' ü", "[=' ü")]
    public void Param_values_escape_quote_backslash_and_closing_bracket_only(string value, string escaped)
    {
        Assert.Equal(escaped, SyslogMessageFormat.EscapeParamValue(value));
    }

    [Fact]
    public void Non_ascii_in_tenant_and_body_is_utf8_and_counted_in_octets()
    {
        var bytes = SyslogMessageFormat.Format(Message("{\"t\":\"Müller ü 漢\"}", tenant: "mü]ller"), Settings());
        var header = "<110>1 2026-03-04T05:06:07.123456Z ae-host auditexplorer - audit [auditexplorer@32473 tenant=\"";
        byte[] expected =
        [
            .. Encoding.ASCII.GetBytes(header), (byte)'m', 0xC3, 0xBC, (byte)'\\', (byte)']', .. "ller\" seq=\"42\" id=\"01900000-0000-7000-8000-000000000001\"] "u8,
            0xEF, 0xBB, 0xBF, .. "{\"t\":\"M"u8, 0xC3, 0xBC, .. "ller "u8, 0xC3, 0xBC, (byte)' ', 0xE6, 0xBC, 0xA2, .. "\"}"u8,
        ];
        Assert.Equal(expected, bytes);
    }

    [Fact]
    public void A_message_of_exactly_the_limit_passes_and_one_octet_more_is_refused_with_what_to_change()
    {
        var fixedPart = SyslogMessageFormat.Format(Message(""), Settings()).Length;
        var fits = Message("{\"p\":\"" + new string('x', 480 - fixedPart - 8) + "\"}");
        Assert.Equal(480, SyslogMessageFormat.Format(fits, Settings(max: 480)).Length);

        var over = Message("{\"p\":\"" + new string('x', 480 - fixedPart - 7) + "\"}");
        var failure = Assert.Throws<StreamDeliveryException>(() => SyslogMessageFormat.Format(over, Settings(max: 480)));
        Assert.Contains("acme:42", failure.Message);
        Assert.Contains("is 481 bytes", failure.Message);
        Assert.Contains("max_message_bytes 480", failure.Message);
    }
}
