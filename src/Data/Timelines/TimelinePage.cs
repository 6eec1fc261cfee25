namespace AuditExplorer.Data.Timelines;

/// <summary>A page of a timeline with the cursors to move from it (null where nothing lies that way).</summary>
public sealed record TimelinePage(IReadOnlyList<TimelineRow> Rows, string? NextCursor, string? PreviousCursor)
{
    /// <summary>
    /// Set when the search text is a stored personal value: its blind index (hex), which the access event records instead
    /// of the text, so searching for a person leaves nothing of them in the hashed log (docs/personal-data.md).
    /// </summary>
    public string? PersonalValueSearched { get; init; }
}
