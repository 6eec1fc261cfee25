using System.Text;
using System.Text.Json;
using AuditExplorer.Data.Diff;

namespace AuditExplorer.Data.AsOf;

/// <summary>
/// A JSON object of a replayed state. Members keep the parsed value they were set to; only objects a patch
/// descends into are expanded one level, so untouched subtrees are never copied and nothing here recurses:
/// any depth the parser accepts replays without touching the thread's stack.
/// </summary>
internal sealed class ReplayedObject
{
    // Insertion order is kept (a replaced member stays where it was), as JSON object models and jsonb output do.
    private readonly OrderedDictionary<string, Member> _members = new(StringComparer.Ordinal);

    /// <summary>An object holding the members of <paramref name="value"/> (a JSON object) as they are.</summary>
    public static ReplayedObject From(JsonElement value)
    {
        var replayed = new ReplayedObject();
        foreach (var property in value.EnumerateObject())
        {
            // Last duplicate wins, as in jsonb.
            replayed._members[property.Name] = new Member(property.Value, null);
        }
        return replayed;
    }

    /// <summary>Sets member <paramref name="name"/> to a value that is not merged further.</summary>
    public void Set(string name, JsonElement value) => _members[name] = new Member(value, null);

    /// <summary>Removes member <paramref name="name"/> if present.</summary>
    public void Remove(string name) => _members.Remove(name);

    /// <summary>
    /// The object at member <paramref name="name"/>, ready to be merged into; a missing or non-object member is
    /// replaced by an empty object first (RFC 7396).
    /// </summary>
    public ReplayedObject Into(string name)
    {
        if (_members.TryGetValue(name, out var member))
        {
            if (member.Expanded is { } expanded)
            {
                return expanded;
            }
            if (member.Value.ValueKind == JsonValueKind.Object)
            {
                var opened = From(member.Value);
                _members[name] = new Member(default, opened);
                return opened;
            }
        }
        var empty = new ReplayedObject();
        _members[name] = new Member(default, empty);
        return empty;
    }

    /// <summary>Compact JSON text with the same readable escaping as every other value the viewer shows.</summary>
    public string ToCompactJson()
    {
        var text = new StringBuilder();
        var open = new Stack<IEnumerator<KeyValuePair<string, Member>>>();
        text.Append('{');
        open.Push(_members.GetEnumerator());
        var first = true;
        while (open.Count > 0)
        {
            var members = open.Peek();
            if (!members.MoveNext())
            {
                members.Dispose();
                open.Pop();
                text.Append('}');
                first = false;
                continue;
            }
            if (!first)
            {
                text.Append(',');
            }
            var (name, member) = members.Current;
            CompactJsonWriter.AppendQuoted(text, name);
            text.Append(':');
            if (member.Expanded is { } nested)
            {
                text.Append('{');
                open.Push(nested._members.GetEnumerator());
                first = true;
            }
            else
            {
                text.Append(AuditJson.Compact(member.Value));
                first = false;
            }
        }
        return text.ToString();
    }

    /// <summary>A member's value: as parsed, or expanded because a patch merged into it.</summary>
    private readonly record struct Member(JsonElement Value, ReplayedObject? Expanded);
}
