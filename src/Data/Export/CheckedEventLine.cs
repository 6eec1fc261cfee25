namespace AuditExplorer.Data.Export;

/// <summary>
/// One events.jsonl line after the checks that need only the line itself: the event and its leaf
/// hash when it could be read (else null), and the problems found, in the order they were found.
/// </summary>
internal sealed record CheckedEventLine(long LineNumber, ExportedEvent? Row, byte[]? Leaf, IReadOnlyList<LineProblem> Problems);
