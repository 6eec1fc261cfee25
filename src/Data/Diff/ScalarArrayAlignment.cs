using System.Globalization;
using System.Text.Json;

namespace AuditExplorer.Data.Diff;

/// <summary>
/// Lines up two arrays of scalars by their longest common subsequence, so inserting one tag at the front reads
/// as one addition instead of every element changing.
/// </summary>
internal static class ScalarArrayAlignment
{
    /// <summary>Above this many table cells (after trimming the common ends) arrays are compared by position.</summary>
    public const int MaxCells = 1_000_000;

    /// <summary>
    /// Pairs of (old index, new index) in order; a missing side means removed or added. Null when the arrays are
    /// not all scalars or too large to align, in which case the caller compares by position.
    /// </summary>
    public static List<(int? Old, int? New)>? Align(JsonElement[] old, JsonElement[] @new)
    {
        if (!old.All(IsScalar) || !@new.All(IsScalar))
        {
            return null;
        }
        var oldKeys = old.Select(Key).ToArray();
        var newKeys = @new.Select(Key).ToArray();

        var prefix = 0;
        while (prefix < oldKeys.Length && prefix < newKeys.Length && oldKeys[prefix] == newKeys[prefix])
        {
            prefix++;
        }
        var suffix = 0;
        while (suffix < oldKeys.Length - prefix && suffix < newKeys.Length - prefix
               && oldKeys[^(suffix + 1)] == newKeys[^(suffix + 1)])
        {
            suffix++;
        }
        var oldMiddle = oldKeys.Length - prefix - suffix;
        var newMiddle = newKeys.Length - prefix - suffix;
        if ((long)(oldMiddle + 1) * (newMiddle + 1) > MaxCells)
        {
            return null;
        }

        var pairs = new List<(int?, int?)>(Math.Max(old.Length, @new.Length));
        for (var i = 0; i < prefix; i++)
        {
            pairs.Add((i, i));
        }
        AlignMiddle(oldKeys, newKeys, prefix, oldMiddle, newMiddle, pairs);
        for (var i = suffix; i > 0; i--)
        {
            pairs.Add((oldKeys.Length - i, newKeys.Length - i));
        }
        return pairs;
    }

    private static void AlignMiddle(string[] oldKeys, string[] newKeys, int start, int oldCount, int newCount, List<(int?, int?)> pairs)
    {
        // lengths[i, j] = LCS length of old[start+i..] and new[start+j..]
        var lengths = new int[oldCount + 1, newCount + 1];
        for (var i = oldCount - 1; i >= 0; i--)
        {
            for (var j = newCount - 1; j >= 0; j--)
            {
                lengths[i, j] = oldKeys[start + i] == newKeys[start + j]
                    ? lengths[i + 1, j + 1] + 1
                    : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }
        int o = 0, n = 0;
        var removed = new List<int>();
        var added = new List<int>();
        while (o < oldCount || n < newCount)
        {
            if (o < oldCount && n < newCount && oldKeys[start + o] == newKeys[start + n])
            {
                Flush(removed, added, pairs);
                pairs.Add((start + o++, start + n++));
            }
            else if (n == newCount || (o < oldCount && lengths[o + 1, n] >= lengths[o, n + 1]))
            {
                removed.Add(start + o++);
            }
            else
            {
                added.Add(start + n++);
            }
        }
        Flush(removed, added, pairs);
    }

    /// <summary>Within one gap, removed and added elements pair up as changes; the rest stay removed or added.</summary>
    private static void Flush(List<int> removed, List<int> added, List<(int?, int?)> pairs)
    {
        var paired = Math.Min(removed.Count, added.Count);
        for (var i = 0; i < paired; i++)
        {
            pairs.Add((removed[i], added[i]));
        }
        for (var i = paired; i < removed.Count; i++)
        {
            pairs.Add((removed[i], null));
        }
        for (var i = paired; i < added.Count; i++)
        {
            pairs.Add((null, added[i]));
        }
        removed.Clear();
        added.Clear();
    }

    private static bool IsScalar(JsonElement value) => value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array);

    // Only used to line elements up; matched pairs are still compared exactly afterwards, so a lossy number key
    // can at worst misalign, never hide a change.
    private static string Key(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => "s" + value.GetString(),
        JsonValueKind.Number when value.TryGetDouble(out var number) => "n" + number.ToString("R", CultureInfo.InvariantCulture),
        _ => value.GetRawText(),
    };
}
