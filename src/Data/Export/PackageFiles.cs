namespace AuditExplorer.Data.Export;

/// <summary>The names of the files inside an evidence package.</summary>
public static class PackageFiles
{
    public const string EventsCsv = "events.csv";
    public const string EventsJsonLines = "events.jsonl";
    public const string Proofs = "proofs.jsonl";
    /// <summary>Format 2: the full events just before and after a time range, in the events.jsonl line format.</summary>
    public const string Boundaries = "boundaries.jsonl";
    /// <summary>Format 2, bound exports: the export's own audit_log.export access event, in the events.jsonl line format.</summary>
    public const string ExportEvent = "export-event.jsonl";
    /// <summary>Packages for viewers who may see personal data: the values behind the events' commitments, with their salts.</summary>
    public const string PersonalValues = "personal-values.jsonl";
    public const string Checkpoint = "checkpoint.txt";
    public const string KeysFolder = "keys/";
    public const string Manifest = "manifest.json";
    public const string VerifyInstructions = "VERIFY.md";

    /// <summary>The format the writer produces: 2 adds boundaries.jsonl (the range's neighbours in full).</summary>
    public const int FormatVersion = 2;

    /// <summary>The oldest format the verifier still reads; versions outside [oldest, current] are refused.</summary>
    public const int OldestFormatVersion = 1;

    public const string FormatName = "auditexplorer-evidence-package";
}
