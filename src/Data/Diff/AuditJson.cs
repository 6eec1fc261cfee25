using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AuditExplorer.Data.Diff;

/// <summary>Parsing and compact printing of audit values, shared by diff, redaction and as-of.</summary>
internal static class AuditJson
{
    /// <summary>
    /// Deep enough for any real document; the walkers here use explicit stacks, so depth only costs memory.
    /// </summary>
    public const int MaxDepth = 100_000;

    /// <summary>Parses <paramref name="text"/>, naming <paramref name="which"/> document in the error.</summary>
    public static JsonDocument Parse(string text, string which, int maxDepth = MaxDepth)
    {
        try
        {
            return JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = maxDepth });
        }
        catch (JsonException ex) when (JsonNesting.DepthOf(text) is var depth && depth > maxDepth)
        {
            // Said plainly, with the size, because the document is valid: it is only beyond what is shown.
            throw new InvalidAuditJsonException(string.Create(CultureInfo.InvariantCulture,
                $"The {which} values are too deep to display: they nest {depth:N0} levels (more than {maxDepth:N0}) in {Encoding.UTF8.GetByteCount(text):N0} bytes."), ex);
        }
        catch (JsonException ex)
        {
            var where = ex.LineNumber is { } line
                ? $" at line {line + 1}, position {(ex.BytePositionInLine ?? 0) + 1}"
                : "";
            throw new InvalidAuditJsonException($"The {which} values are not valid JSON{where}: {FirstSentence(ex.Message)}", ex);
        }
        catch (ArgumentException ex)
        {
            throw new InvalidAuditJsonException($"The {which} values cannot be read as JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Compact JSON text of a value with readable escaping.</summary>
    public static string Compact(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False or JsonValueKind.Null => value.GetRawText(),
        JsonValueKind.String => Quote(value.GetString()!),
        _ => CompactJsonWriter.Write(value),
    };

    /// <summary>Compact JSON string literal for <paramref name="text"/>.</summary>
    public static string Quote(string text)
    {
        var quoted = new StringBuilder(text.Length + 2);
        CompactJsonWriter.AppendQuoted(quoted, text);
        return quoted.ToString();
    }

    /// <summary>Equality of two scalars; numbers compare by value so 1 equals 1.0 (as in PostgreSQL jsonb).</summary>
    public static bool ScalarEquals(JsonElement left, JsonElement right)
    {
        if (left.ValueKind != right.ValueKind)
        {
            return false;
        }
        return left.ValueKind switch
        {
            JsonValueKind.String => left.ValueEquals(right.GetString()),
            JsonValueKind.Number => NumberEquals(left.GetRawText(), right.GetRawText()),
            _ => true, // true, false and null carry no payload beyond their kind
        };
    }

    private static bool NumberEquals(string left, string right) =>
        left == right || ExactNumber.Of(left) is { } l && ExactNumber.Of(right) is { } r && l == r;

    private static string FirstSentence(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return cut > 0 ? message[..cut] : message;
    }
}
