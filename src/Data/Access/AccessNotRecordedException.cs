using Npgsql;

namespace AuditExplorer.Data.Access;

/// <summary>The access event could not be written, so the read was rolled back and nothing may be shown.</summary>
public sealed class AccessNotRecordedException(string reason, Exception inner)
    : Exception(UserMessage + " " + reason, inner)
{
    /// <summary>What a person is told when the store failed; the database's reason stays in the logs.</summary>
    public const string UserMessage = "This access could not be recorded, so nothing is shown. Try again later, or tell your administrator.";

    // The write contract's input checks (docs/writing-events.md): the request named something the log cannot hold.
    private static readonly HashSet<string> InputStates = ["AE002", "AE003", "AE004", "AE005", "AE006", "AE007"];

    /// <summary>True when the store refused the request's own values (bad input), not because it failed.</summary>
    public bool IsBadInput => InnerException is PostgresException { SqlState: { } state } && InputStates.Contains(state);

    /// <summary>What the viewer is told: bad input says what is wrong; a store failure says to try again later.</summary>
    public string ViewerMessage => IsBadInput && InnerException is PostgresException pg
        ? $"This request cannot be recorded in the audit log, so nothing is shown: {pg.MessageText}. Check the address or the values you entered."
        : UserMessage;
}
