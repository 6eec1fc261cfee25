using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Data.Diff;

/// <summary>Everything the "what changed" view shows for one event, already redacted for the viewer.</summary>
/// <param name="Fields">Field-level changes, personal values replaced by the redaction marker.</param>
/// <param name="Text">Line diff of the canonical pretty-printed (redacted) old and new values.</param>
public sealed record ChangeComparison(IReadOnlyList<FieldChange> Fields, TextDiffModel Text)
{
    /// <summary>Compares an event's old and new values (either may be null) under the viewer's redaction policy.</summary>
    /// <exception cref="InvalidAuditJsonException">Either value is not valid JSON.</exception>
    /// <exception cref="InvalidJsonPathException">A personal path of the policy cannot be read.</exception>
    public static ChangeComparison Build(string? oldJson, string? newJson, RedactionPolicy policy)
    {
        var redactor = new PersonalDataRedactor(policy);
        var fields = redactor.RedactChanges(JsonStructuralDiff.Compare(oldJson, newJson));
        // The text view is printed from redacted documents, so personal values never enter its lines.
        var oldText = CanonicalJsonPrinter.Print(redactor.RedactJson(oldJson));
        var newText = CanonicalJsonPrinter.Print(redactor.RedactJson(newJson));
        return new ChangeComparison(fields, SideBySideTextDiff.Compare(oldText, newText));
    }
}
