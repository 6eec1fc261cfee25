using System.Text.Json;

namespace AuditExplorer.Data.Diff;

/// <summary>
/// Finds the member that identifies elements of an array of objects, so reordered or inserted
/// elements are matched to themselves rather than to whatever now sits at the same position.
/// </summary>
internal static class ArrayIdentityKey
{
    private static readonly string[] Candidates = ["id", "key", "name"];

    /// <summary>The first candidate key present with a unique scalar value in every element of both arrays, or null.</summary>
    public static string? Find(JsonElement oldArray, JsonElement newArray)
    {
        if (oldArray.GetArrayLength() + newArray.GetArrayLength() == 0)
        {
            return null;
        }
        foreach (var candidate in Candidates)
        {
            if (IdentifiesEveryElement(oldArray, candidate) && IdentifiesEveryElement(newArray, candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Compact text of the element's identity value.</summary>
    public static string ValueOf(JsonElement element, string key) => AuditJson.Compact(element.GetProperty(key));

    private static bool IdentifiesEveryElement(JsonElement array, string key)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var element in array.EnumerateArray())
        {
            if (element.ValueKind != JsonValueKind.Object
                || !element.TryGetProperty(key, out var value)
                || value.ValueKind is not (JsonValueKind.String or JsonValueKind.Number)
                || !seen.Add(AuditJson.Compact(value)))
            {
                return false;
            }
        }
        return true;
    }
}
