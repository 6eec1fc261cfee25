namespace AuditExplorer.Data.Integrity;

/// <summary>
/// Where the canonical text of an event's context, new values and old values sits in the bytes
/// <see cref="EventCanonicalForm"/> wrote, counted from the writer's start. Lets a package writer
/// reuse those exact bytes (events.csv from format 4 on) instead of canonicalizing a second time.
/// </summary>
public readonly record struct CanonicalValueRanges(Range Context, Range NewValues, Range OldValues);
