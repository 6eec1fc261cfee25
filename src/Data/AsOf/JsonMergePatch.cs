using System.Text.Json;

namespace AuditExplorer.Data.AsOf;

/// <summary>RFC 7396 JSON merge patch: objects merge member by member, null removes, anything else replaces.</summary>
internal static class JsonMergePatch
{
    /// <summary>
    /// Applies <paramref name="patch"/> (a JSON object) to <paramref name="target"/> in place, with an explicit
    /// stack so a patch of any depth is merged without recursion.
    /// </summary>
    public static void Apply(ReplayedObject target, JsonElement patch)
    {
        var pending = new Stack<(ReplayedObject Target, JsonElement Patch)>();
        pending.Push((target, patch));
        while (pending.Count > 0)
        {
            var (into, from) = pending.Pop();
            foreach (var member in from.EnumerateObject())
            {
                switch (member.Value.ValueKind)
                {
                    case JsonValueKind.Null:
                        into.Remove(member.Name);
                        break;
                    case JsonValueKind.Object:
                        // A non-object target is replaced by an empty object before merging, which also drops
                        // the patch's nulls (RFC 7396).
                        pending.Push((into.Into(member.Name), member.Value));
                        break;
                    default:
                        into.Set(member.Name, member.Value);
                        break;
                }
            }
        }
    }
}
