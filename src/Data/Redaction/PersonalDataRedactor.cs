using System.Text.Json;
using AuditExplorer.Data.Diff;

namespace AuditExplorer.Data.Redaction;

/// <summary>
/// Replaces personal values with <see cref="Marker"/> on the server, before anything is rendered, so redacted
/// values never reach a browser.
/// </summary>
public sealed class PersonalDataRedactor
{
    /// <summary>What a redacted value shows instead.</summary>
    public const string Marker = "redacted";

    private readonly JsonPathPattern[] _patterns;

    /// <summary>Prepares the policy's paths.</summary>
    /// <exception cref="InvalidJsonPathException">A personal path is not in the supported notation.</exception>
    public PersonalDataRedactor(RedactionPolicy policy)
    {
        ArgumentNullException.ThrowIfNull(policy);
        _patterns = policy.IsRedacting ? [.. policy.PersonalPaths.Select(JsonPathPattern.Parse)] : [];
    }

    /// <summary>The marker as a JSON string literal, as it appears in redacted JSON text.</summary>
    public static string MarkerJson { get; } = "\"" + Marker + "\"";

    /// <summary>True when this redactor can hide anything at all.</summary>
    public bool IsRedacting => _patterns.Length > 0;

    /// <summary>Whether the value at <paramref name="path"/>, or a container holding it, is personal.</summary>
    public bool IsPersonal(string path)
    {
        if (!IsRedacting)
        {
            return false;
        }
        IReadOnlyList<JsonPathSegment> segments;
        try
        {
            segments = JsonPathPattern.Parse(path).Segments;
        }
        catch (InvalidJsonPathException)
        {
            return true; // a path we cannot read might be personal: hide rather than leak
        }
        return IsPersonal(segments);
    }

    /// <summary>The JSON text with every personal value replaced by the marker; null stays null.</summary>
    /// <exception cref="InvalidAuditJsonException">The text is not valid JSON.</exception>
    public string? RedactJson(string? json)
    {
        if (json is null || !IsRedacting)
        {
            return json;
        }
        using var document = AuditJson.Parse(json, "given");
        return Redact(document.RootElement, [], out var redacted) is { } text && redacted ? text : json;
    }

    /// <summary>The changes with personal values hidden: a personal path shows the marker, and personal
    /// values nested inside an added, removed or changed object are replaced too.</summary>
    public IReadOnlyList<FieldChange> RedactChanges(IReadOnlyList<FieldChange> changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        if (!IsRedacting)
        {
            return changes;
        }
        var result = new List<FieldChange>(changes.Count);
        foreach (var change in changes)
        {
            result.Add(RedactChange(change));
        }
        return result;
    }

    private FieldChange RedactChange(FieldChange change)
    {
        if (IsPersonal(change.Path))
        {
            return change with
            {
                OldValue = change.OldValue is null ? null : MarkerJson,
                NewValue = change.NewValue is null ? null : MarkerJson,
                IsRedacted = true,
            };
        }
        var segments = JsonPathPattern.Parse(change.Path).Segments;
        var oldValue = RedactNested(change.OldValue, segments, out var oldRedacted);
        var newValue = RedactNested(change.NewValue, segments, out var newRedacted);
        return oldRedacted || newRedacted
            ? change with { OldValue = oldValue, NewValue = newValue, IsRedacted = true }
            : change;
    }

    private string? RedactNested(string? value, IReadOnlyList<JsonPathSegment> at, out bool redacted)
    {
        redacted = false;
        if (value is null || value.Length == 0 || value[0] is not ('{' or '['))
        {
            return value;
        }
        using var document = AuditJson.Parse(value, "changed");
        var text = Redact(document.RootElement, [.. at], out redacted);
        return redacted ? text : value;
    }

    private bool IsPersonal(IReadOnlyList<JsonPathSegment> segments)
    {
        // Any ancestor counts: if $.customer is personal, so is $.customer.email.
        var prefix = new List<JsonPathSegment>(segments.Count);
        for (var length = 0; length <= segments.Count; length++)
        {
            if (length > 0)
            {
                prefix.Add(segments[length - 1]);
            }
            if (Matches(prefix))
            {
                return true;
            }
        }
        return false;
    }

    private bool Matches(List<JsonPathSegment> path)
    {
        foreach (var pattern in _patterns)
        {
            if (pattern.Matches(path))
            {
                return true;
            }
        }
        return false;
    }

    private string Redact(JsonElement root, List<JsonPathSegment> path, out bool redactedAny) =>
        CompactJsonWriter.Write(root, path, Matches, out redactedAny, Marker);
}
