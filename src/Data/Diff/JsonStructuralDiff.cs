using System.Text.Json;

namespace AuditExplorer.Data.Diff;

/// <summary>
/// Field-level comparison of an event's old and new JSON values: which paths were added, removed or changed.
/// </summary>
/// <remarks>
/// Walks both documents with an explicit stack, so nesting depth is limited only by memory and a hostile
/// 10,000-level document cannot overflow the thread's stack. Object members are visited in ordinal key order;
/// arrays of objects sharing an <c>id</c>, <c>key</c> or <c>name</c> member are matched by it, other arrays by position.
/// </remarks>
public static class JsonStructuralDiff
{
    /// <summary>
    /// Compares two JSON texts. A null old text means the record was created (everything added);
    /// a null new text means it was deleted (everything removed).
    /// </summary>
    /// <exception cref="InvalidAuditJsonException">Either text is not valid JSON.</exception>
    public static IReadOnlyList<FieldChange> Compare(string? oldJson, string? newJson)
    {
        using var oldDocument = oldJson is null ? null : AuditJson.Parse(oldJson, "old");
        using var newDocument = newJson is null ? null : AuditJson.Parse(newJson, "new");
        var oldRoot = oldDocument?.RootElement ?? default;
        var newRoot = newDocument?.RootElement ?? default;

        var changes = new List<FieldChange>();
        var work = new Stack<Comparison>();
        // A missing side of a whole object is compared as an empty object, so a create lists each
        // top-level field as added rather than one opaque "$ added" row.
        if (oldDocument is null && newRoot.ValueKind == JsonValueKind.Object)
        {
            PushMembers(work, PathTrail.Root, default, newRoot);
        }
        else if (newDocument is null && oldRoot.ValueKind == JsonValueKind.Object)
        {
            PushMembers(work, PathTrail.Root, oldRoot, default);
        }
        else if (oldDocument is not null || newDocument is not null)
        {
            work.Push(new Comparison(PathTrail.Root, oldRoot, newRoot));
        }

        while (work.Count > 0)
        {
            Visit(work.Pop(), work, changes);
        }
        return changes;
    }

    private static void Visit(Comparison item, Stack<Comparison> work, List<FieldChange> changes)
    {
        var (path, old, @new) = item;
        if (old.ValueKind == JsonValueKind.Undefined)
        {
            changes.Add(new FieldChange(path.ToString(), FieldChangeKind.Added, null, AuditJson.Compact(@new)));
        }
        else if (@new.ValueKind == JsonValueKind.Undefined)
        {
            changes.Add(new FieldChange(path.ToString(), FieldChangeKind.Removed, AuditJson.Compact(old), null));
        }
        else if (old.ValueKind == JsonValueKind.Object && @new.ValueKind == JsonValueKind.Object)
        {
            PushMembers(work, path, old, @new);
        }
        else if (old.ValueKind == JsonValueKind.Array && @new.ValueKind == JsonValueKind.Array)
        {
            PushElements(work, path, old, @new);
        }
        else if (IsContainer(old) || IsContainer(@new) || !AuditJson.ScalarEquals(old, @new))
        {
            changes.Add(new FieldChange(path.ToString(), FieldChangeKind.Changed, AuditJson.Compact(old), AuditJson.Compact(@new)));
        }
    }

    private static void PushMembers(Stack<Comparison> work, PathTrail path, JsonElement old, JsonElement @new)
    {
        var oldMembers = Members(old);
        var newMembers = Members(@new);
        var names = new SortedSet<string>(oldMembers.Keys, StringComparer.Ordinal);
        names.UnionWith(newMembers.Keys);
        // Pushed in reverse so they pop, and are reported, in ordinal key order.
        foreach (var name in names.Reverse())
        {
            oldMembers.TryGetValue(name, out var oldValue);
            newMembers.TryGetValue(name, out var newValue);
            work.Push(new Comparison(path.Then(JsonPathSegment.Property(name)), oldValue, newValue));
        }
    }

    private static void PushElements(Stack<Comparison> work, PathTrail path, JsonElement old, JsonElement @new)
    {
        var pending = new List<Comparison>();
        var key = ArrayIdentityKey.Find(old, @new);
        if (key is null)
        {
            // Enumerated once: indexing a JsonElement array of containers walks it from the start each time.
            var oldElements = old.EnumerateArray().ToArray();
            var newElements = @new.EnumerateArray().ToArray();
            for (var i = 0; i < Math.Max(oldElements.Length, newElements.Length); i++)
            {
                pending.Add(new Comparison(
                    path.Then(JsonPathSegment.At(i)),
                    i < oldElements.Length ? oldElements[i] : default,
                    i < newElements.Length ? newElements[i] : default));
            }
        }
        else
        {
            var oldById = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
            foreach (var element in old.EnumerateArray())
            {
                oldById[ArrayIdentityKey.ValueOf(element, key)] = element;
            }
            foreach (var element in @new.EnumerateArray())
            {
                var id = ArrayIdentityKey.ValueOf(element, key);
                oldById.Remove(id, out var match);
                pending.Add(new Comparison(path.Then(JsonPathSegment.Identified(key, id)), match, element));
            }
            foreach (var element in old.EnumerateArray())
            {
                var id = ArrayIdentityKey.ValueOf(element, key);
                if (oldById.ContainsKey(id))
                {
                    pending.Add(new Comparison(path.Then(JsonPathSegment.Identified(key, id)), element, default));
                }
            }
        }
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            work.Push(pending[i]);
        }
    }

    private static Dictionary<string, JsonElement> Members(JsonElement value)
    {
        var members = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                members[property.Name] = property.Value; // duplicate names: the last wins, as in jsonb
            }
        }
        return members;
    }

    private static bool IsContainer(JsonElement value) =>
        value.ValueKind is JsonValueKind.Object or JsonValueKind.Array;

    private readonly record struct Comparison(PathTrail Path, JsonElement Old, JsonElement New);
}
