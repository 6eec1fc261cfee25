namespace AuditExplorer.Data.Export;

/// <summary>A problem of one line; <see cref="Seq"/> is null when the line could not be read far enough to know it.</summary>
internal readonly record struct LineProblem(long? Seq, string Problem);
