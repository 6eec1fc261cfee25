using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;

namespace AuditExplorer.Data.AsOf;

/// <summary>What the as-of view shows: a record's replayed state and its redacted, canonically printed text.</summary>
/// <param name="State">The replayed state (existence, producer, compact JSON), already redacted for the viewer.</param>
/// <param name="PrettyJson">The state redacted for the viewer and pretty-printed; null when the record did not exist.</param>
public sealed record AsOfDisplay(ReconstructedState State, string? PrettyJson)
{
    /// <summary>
    /// Replays, redacts and prints in one step, so a caller can run it inside the audited read: a state that
    /// cannot be shown then fails before the access event is committed. Only the redacted state is kept, so the
    /// replayed document itself never reaches a component.
    /// </summary>
    /// <exception cref="InvalidAuditJsonException">A value is not a JSON object or is too deep to display.</exception>
    /// <exception cref="InvalidJsonPathException">The tenant's personal paths cannot be applied (nothing is shown then).</exception>
    public static AsOfDisplay Prepare(IEnumerable<RecordChange> history, DateTimeOffset moment, ViewerPrivacy privacy) =>
        Prepare(history, moment, privacy, RevealedValues.None);

    /// <summary>The same for a history whose personal values sit outside the hashed bytes: commitments are resolved for
    /// the viewer (value, redacted or erased) before the replay.</summary>
    public static AsOfDisplay Prepare(IEnumerable<RecordChange> history, DateTimeOffset moment, ViewerPrivacy privacy, RevealedValues personal)
    {
        ArgumentNullException.ThrowIfNull(privacy);
        var state = privacy.Show(RecordStateReconstructor.At(privacy.Show(history, personal), moment));
        return new AsOfDisplay(state, state.Json is null ? null : CanonicalJsonPrinter.Print(state.Json));
    }
}
