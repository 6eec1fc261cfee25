namespace AuditExplorer.Data.Export;

/// <summary>One thing that failed verification: in which file, at which line and seq when known, and what.</summary>
public sealed record PackageFinding(string File, long? Line, long? Seq, string Problem)
{
    public override string ToString() =>
        File + (Line is { } l ? $" line {l}" : "") + (Seq is { } s ? $" (seq {s})" : "") + ": " + Problem;
}
