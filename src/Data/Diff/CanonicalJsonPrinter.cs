using System.Text;
using System.Text.Json;

namespace AuditExplorer.Data.Diff;

/// <summary>
/// Pretty-prints JSON the same way every time (members sorted by ordinal name, two-space indent),
/// so a line diff of two versions shows only real changes.
/// </summary>
public static class CanonicalJsonPrinter
{
    /// <summary>
    /// Indentation stops growing past this depth: a pathologically deep document would otherwise print
    /// quadratically many spaces.
    /// </summary>
    public const int MaxIndentLevels = 64;

    /// <summary>Canonical text of <paramref name="json"/>; empty for null (no document).</summary>
    /// <exception cref="InvalidAuditJsonException">The text is not valid JSON.</exception>
    public static string Print(string? json)
    {
        if (json is null)
        {
            return "";
        }
        using var document = AuditJson.Parse(json, "given");
        return Print(document.RootElement);
    }

    /// <summary>Canonical text of an already parsed value.</summary>
    public static string Print(JsonElement value)
    {
        var text = new StringBuilder();
        var open = new Stack<Container>();
        WriteValue(text, value, open);
        while (open.Count > 0)
        {
            var container = open.Peek();
            if (container.Next == container.Children.Count)
            {
                open.Pop();
                NewLine(text, open.Count);
                text.Append(container.IsObject ? '}' : ']');
                continue;
            }
            if (container.Next > 0)
            {
                text.Append(',');
            }
            NewLine(text, open.Count);
            var (name, child) = container.Children[container.Next++];
            if (name is not null)
            {
                text.Append(AuditJson.Quote(name)).Append(": ");
            }
            WriteValue(text, child, open);
        }
        return text.ToString();
    }

    private static void WriteValue(StringBuilder text, JsonElement value, Stack<Container> open)
    {
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                var members = new List<(string?, JsonElement)>();
                foreach (var property in value.EnumerateObject())
                {
                    members.Add((property.Name, property.Value));
                }
                members.Sort((a, b) => string.CompareOrdinal(a.Item1, b.Item1));
                Open(text, open, members, isObject: true);
                break;
            case JsonValueKind.Array:
                var elements = new List<(string?, JsonElement)>();
                foreach (var element in value.EnumerateArray())
                {
                    elements.Add((null, element));
                }
                Open(text, open, elements, isObject: false);
                break;
            default:
                text.Append(AuditJson.Compact(value));
                break;
        }
    }

    private static void Open(StringBuilder text, Stack<Container> open, List<(string?, JsonElement)> children, bool isObject)
    {
        if (children.Count == 0)
        {
            text.Append(isObject ? "{}" : "[]");
            return;
        }
        text.Append(isObject ? '{' : '[');
        open.Push(new Container(children, isObject));
    }

    private static void NewLine(StringBuilder text, int depth) =>
        text.Append('\n').Append(' ', 2 * Math.Min(depth, MaxIndentLevels));

    private sealed class Container(List<(string? Name, JsonElement Value)> children, bool isObject)
    {
        public List<(string? Name, JsonElement Value)> Children { get; } = children;

        public bool IsObject { get; } = isObject;

        public int Next { get; set; }
    }
}
