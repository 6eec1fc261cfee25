using System.Globalization;
using System.Text;

namespace AuditExplorer.Data.Diff;

/// <summary>One step of a JSON path such as <c>$.items[id=42].qty</c>.</summary>
/// <param name="Kind">What the step selects.</param>
/// <param name="Name">Property name, or the identity key name for <see cref="JsonPathSegmentKind.Identity"/>.</param>
/// <param name="Index">Array position for <see cref="JsonPathSegmentKind.Index"/>.</param>
/// <param name="IdentityValue">Compact JSON text of the identity value (e.g. <c>42</c> or <c>"abc"</c>).</param>
public readonly record struct JsonPathSegment(JsonPathSegmentKind Kind, string? Name = null, int Index = 0, string? IdentityValue = null)
{
    /// <summary>An object member step.</summary>
    public static JsonPathSegment Property(string name) => new(JsonPathSegmentKind.Property, name);

    /// <summary>An array position step.</summary>
    public static JsonPathSegment At(int index) => new(JsonPathSegmentKind.Index, Index: index);

    /// <summary>An array element matched by its identity key.</summary>
    public static JsonPathSegment Identified(string key, string compactValue) =>
        new(JsonPathSegmentKind.Identity, key, IdentityValue: compactValue);

    /// <summary>Appends this step in path notation.</summary>
    public void AppendTo(StringBuilder text)
    {
        switch (Kind)
        {
            case JsonPathSegmentKind.Property when IsPlainName(Name!):
                text.Append('.').Append(Name);
                break;
            case JsonPathSegmentKind.Property:
                text.Append("['");
                foreach (var c in Name!)
                {
                    if (c is '\'' or '\\')
                    {
                        text.Append('\\');
                    }
                    text.Append(c);
                }
                text.Append("']");
                break;
            case JsonPathSegmentKind.Index:
                text.Append('[').Append(Index.ToString(CultureInfo.InvariantCulture)).Append(']');
                break;
            case JsonPathSegmentKind.Identity:
                text.Append('[').Append(Name).Append('=').Append(IdentityValue).Append(']');
                break;
            case JsonPathSegmentKind.Wildcard:
                text.Append("[*]");
                break;
            case JsonPathSegmentKind.Descendants:
                text.Append("..");
                break;
        }
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var text = new StringBuilder();
        AppendTo(text);
        return text.ToString();
    }

    /// <summary>Whether a property name can be written after a dot without quoting.</summary>
    internal static bool IsPlainName(string name)
    {
        if (name.Length == 0 || char.IsDigit(name[0]))
        {
            return false;
        }
        foreach (var c in name)
        {
            if (!char.IsLetterOrDigit(c) && c != '_')
            {
                return false;
            }
        }
        return true;
    }
}
