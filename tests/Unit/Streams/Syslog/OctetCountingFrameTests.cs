using System.Text;
using AuditExplorer.Data.Streams.Syslog;

namespace AuditExplorer.Tests.Unit.Streams.Syslog;

/// <summary>RFC 6587 §3.4.1: MSG-LEN SP SYSLOG-MSG, MSG-LEN in octets, no leading zero.</summary>
public sealed class OctetCountingFrameTests
{
    [Fact]
    public void A_frame_is_the_octet_count_a_space_and_the_message()
    {
        Assert.Equal("3 abc"u8.ToArray(), OctetCountingFrame.Frame("abc"u8));
        Assert.Equal("10 0123456789"u8.ToArray(), OctetCountingFrame.Frame("0123456789"u8));
    }

    [Fact]
    public void The_count_is_of_octets_not_characters()
    {
        // "ü€" is 2 characters and 5 octets in UTF-8.
        Assert.Equal([(byte)'5', (byte)' ', 0xC3, 0xBC, 0xE2, 0x82, 0xAC], OctetCountingFrame.Frame(Encoding.UTF8.GetBytes("ü€")));
    }

    [Fact]
    public void Newlines_inside_a_message_stay_in_the_frame()
    {
        Assert.Equal("6 a\nb\r\nc"u8.ToArray(), OctetCountingFrame.Frame("a\nb\r\nc"u8));
    }

    [Fact]
    public void A_large_message_gets_a_multi_digit_count()
    {
        var frame = OctetCountingFrame.Frame(new byte[12345]);
        Assert.Equal("12345 "u8.ToArray(), frame[..6]);
        Assert.Equal(12345 + 6, frame.Length);
    }

    [Fact]
    public void An_empty_message_cannot_be_framed()
    {
        Assert.Throws<ArgumentException>(() => OctetCountingFrame.Frame([]));
    }
}
