using System.Text.Json;

namespace AuditExplorer.Data.Streams;

/// <summary>
/// The one check of a stream's settings, on create and on edit: a JSON object its kind's factory accepts. The Streams
/// page runs it before asking the store (to show the factory's message at once); the store runs it again before writing.
/// </summary>
public static class StreamSettingsCheck
{
    /// <summary>The settings as they will be stored (empty means <c>{}</c>).</summary>
    /// <exception cref="StreamRejectedException">Not JSON, not an object, or refused by the factory (its message).</exception>
    public static string Checked(IStreamDestinationFactory factory, string? json)
    {
        ArgumentNullException.ThrowIfNull(factory);
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        }
        catch (JsonException ex)
        {
            throw new StreamRejectedException($"The settings are not JSON: {ex.Message}");
        }
        using (doc)
        {
            if (doc.RootElement.ValueKind != JsonValueKind.Object) throw new StreamRejectedException("The settings must be a JSON object.");
            if (factory.Validate(doc.RootElement) is { } problem) throw new StreamRejectedException(problem);
            return doc.RootElement.GetRawText();
        }
    }
}
