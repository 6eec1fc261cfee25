using AuditExplorer.Data.Retention;

namespace AuditExplorer.Tests.Unit.Retention;

public sealed class RetentionPeriodTextTests
{
    [Theory]
    [InlineData("7y", 84)]
    [InlineData("7 years", 84)]
    [InlineData("1 year", 12)]
    [InlineData("18m", 18)]
    [InlineData("18 months", 18)]
    [InlineData(" 30 ", 30)]
    public void Periods_are_read_as_years_or_months(string text, int months) =>
        Assert.Equal(months, RetentionPeriodText.TryParseMonths(text));

    [Theory]
    [InlineData("")]
    [InlineData("seven years")]
    [InlineData("-3m")]
    [InlineData("1.5y")]
    [InlineData("2000y")]
    [InlineData("7d")]
    public void Anything_else_is_not_a_period(string text) =>
        Assert.Null(RetentionPeriodText.TryParseMonths(text));

    [Theory]
    [InlineData(84, "7 years")]
    [InlineData(12, "1 year")]
    [InlineData(18, "1 year 6 months")]
    [InlineData(1, "1 month")]
    [InlineData(0, "0 months")]
    public void Periods_are_written_in_words(int months, string text) =>
        Assert.Equal(text, RetentionPeriodText.Format(months));
}
