using AuditExplorer.Data.Access;
using Npgsql;

namespace AuditExplorer.Tests.Unit.Access;

public class AccessNotRecordedExceptionTests
{
    private static AccessNotRecordedException Refused(string sqlState, string message) =>
        new("refused", new PostgresException(message, "ERROR", "ERROR", sqlState));

    [Fact]
    public void Values_the_write_contract_rejects_are_bad_input_and_say_what_is_wrong()
    {
        var ex = Refused("AE006", "entity id is required (1 to 200 characters)");

        Assert.True(ex.IsBadInput);
        Assert.Contains("1 to 200 characters", ex.ViewerMessage);
        Assert.DoesNotContain("Try again later", ex.ViewerMessage);
    }

    [Theory]
    [InlineData("42501", "permission denied for function append_access_event")]
    [InlineData("57P01", "terminating connection due to administrator command")]
    [InlineData("AE001", "unknown tenant")]
    public void A_store_that_refuses_or_fails_is_an_outage_told_as_try_again_later(string state, string message)
    {
        var ex = Refused(state, message);

        Assert.False(ex.IsBadInput);
        Assert.Equal(AccessNotRecordedException.UserMessage, ex.ViewerMessage);
    }
}
