using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditExplorer.Data.Diff;

namespace AuditExplorer.Data.Redaction;

/// <summary>
/// Puts something readable where a stored document holds a personal-value commitment: the value itself when
/// the viewer may see it, <see cref="PersonalDataRedactor.Marker"/> when not, <see cref="PersonalCommitment.ErasedMarker"/>
/// when the subject was erased. Used only by <see cref="ViewerPrivacy"/>, which decides <c>reveal</c>.
/// </summary>
internal static class CommitmentResolver
{
    private static readonly JsonSerializerOptions Output = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <exception cref="InvalidAuditJsonException">The document or a revealed value is not valid JSON.</exception>
    public static string? Resolve(string? json, RevealedValues values, bool reveal)
    {
        if (!PersonalCommitment.MayContain(json))
        {
            return json;
        }
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json!, documentOptions: new JsonDocumentOptions { MaxDepth = AuditJson.MaxDepth });
        }
        catch (JsonException ex)
        {
            throw new InvalidAuditJsonException($"The values are not valid JSON: {ex.Message}", ex);
        }
        if (root is null)
        {
            return json;
        }
        if (TryReplace(root, values, reveal, out var whole))
        {
            return whole?.ToJsonString(Output) ?? "null";
        }
        // Iterative walk: documents may nest deeply, and recursion would overflow the stack.
        var pending = new Stack<JsonNode>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            switch (pending.Pop())
            {
                case JsonObject obj:
                    foreach (var name in obj.Select(p => p.Key).ToList())
                    {
                        if (obj[name] is not { } child) continue;
                        if (TryReplace(child, values, reveal, out var replaced)) obj[name] = replaced;
                        else pending.Push(child);
                    }
                    break;
                case JsonArray array:
                    for (var i = 0; i < array.Count; i++)
                    {
                        if (array[i] is not { } child) continue;
                        if (TryReplace(child, values, reveal, out var replaced)) array[i] = replaced;
                        else pending.Push(child);
                    }
                    break;
            }
        }
        return root.ToJsonString(Output);
    }

    private static bool TryReplace(JsonNode node, RevealedValues values, bool reveal, out JsonNode? replacement)
    {
        replacement = null;
        if (node is not JsonObject { Count: 1 } obj || obj[PersonalCommitment.MemberName] is not JsonValue value
            || !value.TryGetValue<string>(out var commitment))
        {
            return false;
        }
        if (!values.TryGet(commitment, out var text))
        {
            replacement = JsonValue.Create(PersonalCommitment.ErasedMarker);
            return true;
        }
        if (!reveal)
        {
            replacement = JsonValue.Create(PersonalDataRedactor.Marker);
            return true;
        }
        try
        {
            replacement = JsonNode.Parse(text);
            return true;
        }
        catch (JsonException ex)
        {
            throw new InvalidAuditJsonException($"A personal value is not valid JSON: {ex.Message}", ex);
        }
    }
}
