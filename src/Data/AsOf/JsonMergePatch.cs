using System.Text.Json.Nodes;

namespace AuditExplorer.Data.AsOf;

/// <summary>RFC 7396 JSON merge patch: objects merge member by member, null removes, anything else replaces.</summary>
internal static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/> in place; the patch is consumed.</summary>
    public static void Apply(JsonObject target, JsonObject patch)
    {
        var pending = new Stack<(JsonObject Target, JsonObject Patch)>();
        pending.Push((target, patch));
        while (pending.Count > 0)
        {
            var (into, from) = pending.Pop();
            var members = from.ToList();
            from.Clear(); // detaches the patch's values so they can move into the target without copying
            foreach (var (name, value) in members)
            {
                if (value is null)
                {
                    into.Remove(name);
                }
                else if (value is JsonObject nested)
                {
                    if (into[name] is not JsonObject existing)
                    {
                        // RFC 7396: a non-object target is replaced by an empty object before merging,
                        // which also drops the patch's nulls.
                        existing = new JsonObject();
                        into[name] = existing;
                    }
                    pending.Push((existing, nested));
                }
                else
                {
                    into[name] = value;
                }
            }
        }
    }
}
