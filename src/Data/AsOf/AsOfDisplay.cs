using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Data.AsOf;

/// <summary>What the as-of view shows: a record's replayed state and its redacted, canonically printed text.</summary>
/// <param name="State">The replayed state (existence, producer, compact JSON).</param>
/// <param name="PrettyJson">The state redacted for the viewer and pretty-printed; null when the record did not exist.</param>
public sealed record AsOfDisplay(ReconstructedState State, string? PrettyJson)
{
    /// <summary>
    /// Replays, redacts and prints in one step, so a caller can run it inside the audited read: a state that
    /// cannot be shown then fails before the access event is committed.
    /// </summary>
    /// <exception cref="InvalidAuditJsonException">A value is not a JSON object or is too deep to display.</exception>
    public static AsOfDisplay Prepare(IEnumerable<RecordChange> history, DateTimeOffset moment, PersonalDataRedactor redactor)
    {
        ArgumentNullException.ThrowIfNull(redactor);
        var state = RecordStateReconstructor.At(history, moment);
        return new AsOfDisplay(state, state.Json is null ? null : CanonicalJsonPrinter.Print(redactor.RedactJson(state.Json)));
    }
}
