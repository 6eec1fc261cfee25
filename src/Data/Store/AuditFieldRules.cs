using System.Text.RegularExpressions;

namespace AuditExplorer.Data.Store;

/// <summary>
/// The shapes the write contract accepts for identifiers (src/Data/Store/Sql/002_write_contract.sql), so an
/// address naming something the log cannot hold is refused as bad input before any query or access event.
/// </summary>
public static partial class AuditFieldRules
{
    /// <summary>Longest entity id or actor id the store accepts.</summary>
    public const int MaxIdLength = 200;

    /// <summary>Longest action the store accepts.</summary>
    public const int MaxActionLength = 100;

    /// <summary>Null when the entity type is usable; otherwise what is wrong and what to do.</summary>
    public static string? EntityTypeProblem(string entityType) =>
        EntityType().IsMatch(entityType) ? null
            : $"\"{Shorten(entityType)}\" is not a record type: types are lower-case identifiers such as contract or user_account.";

    /// <summary>Null when the id (of a record or an actor) is usable; otherwise what is wrong.</summary>
    public static string? IdProblem(string id, string what) =>
        id.Length is > 0 and <= MaxIdLength ? null
            : $"The {what} is {id.Length:N0} characters long; ids have 1 to {MaxIdLength} characters. Check the link or the pasted id.";

    /// <summary>Null when the action is usable; otherwise what is wrong.</summary>
    public static string? ActionProblem(string action) =>
        action.Length <= MaxActionLength && Action().IsMatch(action) ? null
            : $"\"{Shorten(action)}\" is not an action: actions look like entity.verb in lower case, e.g. contract.publish.";

    private static string Shorten(string text) => text.Length <= 80 ? text : text[..80] + "…";

    [GeneratedRegex("^[a-z][a-z0-9_]{0,62}$", RegexOptions.CultureInvariant)]
    private static partial Regex EntityType();

    [GeneratedRegex(@"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$", RegexOptions.CultureInvariant)]
    private static partial Regex Action();
}
