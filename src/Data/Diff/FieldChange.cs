namespace AuditExplorer.Data.Diff;

/// <summary>One field-level difference between two JSON documents.</summary>
/// <param name="Path">Where the field lives, e.g. <c>$.customer.address.city</c> or <c>$.items[id=42].qty</c>.</param>
/// <param name="Kind">Added, removed or changed.</param>
/// <param name="OldValue">Compact JSON text of the old value; null when added.</param>
/// <param name="NewValue">Compact JSON text of the new value; null when removed.</param>
public sealed record FieldChange(string Path, FieldChangeKind Kind, string? OldValue, string? NewValue)
{
    /// <summary>True when personal data was removed from the values before showing them.</summary>
    public bool IsRedacted { get; init; }
}
