using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AuditExplorer.Data.Diff;

/// <summary>
/// Writes JSON compactly with an explicit stack (any depth) and readable escaping: only quotes, backslashes and
/// control characters are escaped, so markup, accents and emoji stay as written. Values are rendered as text by
/// Razor, which does the HTML escaping.
/// </summary>
internal static class CompactJsonWriter
{
    /// <summary>Compact text of <paramref name="value"/>.</summary>
    public static string Write(JsonElement value) => Write(value, null, null, out _);

    /// <summary>
    /// Compact text of <paramref name="value"/>, with every node for which <paramref name="replace"/> holds (given
    /// the node's path, starting from <paramref name="path"/>) written as the string <paramref name="replacement"/>.
    /// </summary>
    public static string Write(
        JsonElement value,
        List<JsonPathSegment>? path,
        Func<List<JsonPathSegment>, bool>? replace,
        out bool replaced,
        string replacement = "")
    {
        var text = new StringBuilder();
        var open = new Stack<OpenContainer>();
        var replacedAny = false;
        WriteNode(value, ownsStep: false);
        while (open.Count > 0)
        {
            var container = open.Peek();
            if (container.IsObject && container.Members.MoveNext())
            {
                var member = container.Members.Current;
                Separate(container);
                AppendQuoted(text, member.Name);
                text.Append(':');
                path?.Add(JsonPathSegment.Property(member.Name));
                WriteNode(member.Value, ownsStep: true);
            }
            else if (!container.IsObject && container.Elements.MoveNext())
            {
                Separate(container);
                path?.Add(JsonPathSegment.At(container.Count - 1));
                WriteNode(container.Elements.Current, ownsStep: true);
            }
            else
            {
                open.Pop();
                text.Append(container.IsObject ? '}' : ']');
                if (container.OwnsStep)
                {
                    path!.RemoveAt(path.Count - 1);
                }
            }
        }
        replaced = replacedAny;
        return text.ToString();

        void Separate(OpenContainer container)
        {
            if (container.Count++ > 0)
            {
                text.Append(',');
            }
        }

        void WriteNode(JsonElement node, bool ownsStep)
        {
            ownsStep &= path is not null;
            if (path is not null && replace is not null && replace(path))
            {
                AppendQuoted(text, replacement);
                replacedAny = true;
            }
            else if (node.ValueKind == JsonValueKind.Object)
            {
                text.Append('{');
                open.Push(new OpenContainer { IsObject = true, Members = node.EnumerateObject(), OwnsStep = ownsStep });
                return;
            }
            else if (node.ValueKind == JsonValueKind.Array)
            {
                text.Append('[');
                open.Push(new OpenContainer { IsObject = false, Elements = node.EnumerateArray(), OwnsStep = ownsStep });
                return;
            }
            else if (node.ValueKind == JsonValueKind.String)
            {
                AppendQuoted(text, node.GetString()!);
            }
            else
            {
                text.Append(node.GetRawText());
            }
            if (ownsStep)
            {
                path!.RemoveAt(path.Count - 1);
            }
        }
    }

    /// <summary>Appends a JSON string literal, escaping only what JSON requires.</summary>
    public static void AppendQuoted(StringBuilder text, string value)
    {
        text.Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: text.Append(c); break;
            }
        }
        text.Append('"');
    }

    /// <summary>A class (not a struct) so the enumerators advance in place.</summary>
    private sealed class OpenContainer
    {
        public bool IsObject { get; init; }

        public bool OwnsStep { get; init; }

        public int Count { get; set; }

        public JsonElement.ObjectEnumerator Members;

        public JsonElement.ArrayEnumerator Elements;
    }
}
