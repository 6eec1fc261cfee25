using System.Globalization;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

/// <summary>Timestamps of the canonical form are read back by hand; they must accept exactly the one form the writer emits.</summary>
public sealed class EventTimestampParsingTests
{
    [Theory]
    [InlineData("2026-03-01T09:00:00.000123Z")]
    [InlineData("0001-01-01T00:00:00.000000Z")]
    [InlineData("9999-12-31T23:59:59.999999Z")]
    [InlineData("2024-02-29T12:34:56.789012Z")]
    public void The_written_form_reads_back_to_the_same_instant(string text)
    {
        var expected = DateTimeOffset.ParseExact(text, "yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        var value = EventCanonicalForm.ParseTimestamp(text);

        Assert.Equal(expected, value);
        Assert.Equal(TimeSpan.Zero, value.Offset);
    }

    [Theory]
    [InlineData("2026-02-30T09:00:00.000000Z")] // no such day
    [InlineData("2025-02-29T09:00:00.000000Z")] // not a leap year
    [InlineData("2026-13-01T09:00:00.000000Z")]
    [InlineData("2026-03-01T24:00:00.000000Z")]
    [InlineData("2026-03-01T09:60:00.000000Z")]
    [InlineData("2026-03-01T09:00:60.000000Z")]
    [InlineData("0000-03-01T09:00:00.000000Z")]
    [InlineData("2026-03-01T09:00:00.00000Z")] // five fractional digits
    [InlineData("2026-03-01T09:00:00.0000000Z")]
    [InlineData("2026-03-01T09:00:00.000000+00:00")]
    [InlineData("2026-03-01 09:00:00.000000Z")]
    [InlineData("2026-03-01T09:00:00.000000z")]
    [InlineData("2026-03-01T09:00:0a.000000Z")]
    [InlineData("2026-03-01T09:00:00.00000\u0661Z")] // an Arabic-Indic digit
    [InlineData("")]
    public void Any_other_form_is_refused_with_a_message_naming_it(string text)
    {
        var refused = Assert.Throws<FormatException>(() => EventCanonicalForm.ParseTimestamp(text));

        Assert.Contains("six fractional digits", refused.Message);
    }
}
