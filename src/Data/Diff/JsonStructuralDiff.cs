using System.Text.Json;

namespace AuditExplorer.Data.Diff;

/// <summary>
/// Field-level comparison of an event's old and new JSON values: which paths were added, removed or changed.
/// </summary>
/// <remarks>
/// Walks both documents with an explicit stack, so nesting depth is limited only by memory and a hostile
/// 10,000-level document cannot overflow the thread's stack. Object members are visited in ordinal key order;
/// arrays of objects sharing an <c>id</c>, <c>key</c> or <c>name</c> member are matched by it, arrays of scalars are
/// aligned by longest common subsequence, and other arrays are compared by position.
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
        // Both member lists sorted by name and walked together: cheaper than dictionaries for the many small
        // objects of a large document, and it yields the ordinal key order the report promises.
        var oldMembers = SortedMembers(old);
        var newMembers = SortedMembers(@new);
        var pending = new List<Comparison>(Math.Max(oldMembers.Count, newMembers.Count));
        int o = 0, n = 0;
        while (o < oldMembers.Count || n < newMembers.Count)
        {
            var order = o == oldMembers.Count ? 1
                : n == newMembers.Count ? -1
                : string.CompareOrdinal(oldMembers[o].Name, newMembers[n].Name);
            var name = order <= 0 ? oldMembers[o].Name : newMembers[n].Name;
            pending.Add(new Comparison(
                path.Then(JsonPathSegment.Property(name)),
                order <= 0 ? oldMembers[o++].Value : default,
                order >= 0 ? newMembers[n++].Value : default));
        }
        PushInOrder(work, pending);
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
            if (ScalarArrayAlignment.Align(oldElements, newElements) is { } pairs)
            {
                // Removed elements are addressed by their old position, all others by their new one.
                foreach (var (o, n) in pairs)
                {
                    pending.Add(new Comparison(
                        path.Then(JsonPathSegment.At(n ?? o!.Value)),
                        o is { } oi ? oldElements[oi] : default,
                        n is { } ni ? newElements[ni] : default));
                }
            }
            else
            {
                for (var i = 0; i < Math.Max(oldElements.Length, newElements.Length); i++)
                {
                    pending.Add(new Comparison(
                        path.Then(JsonPathSegment.At(i)),
                        i < oldElements.Length ? oldElements[i] : default,
                        i < newElements.Length ? newElements[i] : default));
                }
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
        PushInOrder(work, pending);
    }

    private static List<(string Name, JsonElement Value)> SortedMembers(JsonElement value)
    {
        var members = new List<(string Name, JsonElement Value, int Position)>();
        if (value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in value.EnumerateObject())
            {
                members.Add((property.Name, property.Value, members.Count));
            }
        }
        // Position breaks ties so that, of duplicate names, the last one wins below (as in jsonb).
        members.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.Position.CompareTo(b.Position);
        });
        var unique = new List<(string Name, JsonElement Value)>(members.Count);
        for (var i = 0; i < members.Count; i++)
        {
            if (i + 1 < members.Count && members[i + 1].Name == members[i].Name)
            {
                continue;
            }
            unique.Add((members[i].Name, members[i].Value));
        }
        return unique;
    }

    private static void PushInOrder(Stack<Comparison> work, List<Comparison> pending)
    {
        // Reversed so they pop, and are reported, in order.
        for (var i = pending.Count - 1; i >= 0; i--)
        {
            work.Push(pending[i]);
        }
    }

    private static bool IsContainer(JsonElement value) =>
        value.ValueKind is JsonValueKind.Object or JsonValueKind.Array;

    private readonly record struct Comparison(PathTrail Path, JsonElement Old, JsonElement New);
}
