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
    /// <summary>Packages written with an export key: the DSSE envelope of an in-toto Statement over the files and claims.</summary>
    public const string ManifestEnvelope = "manifest.dsse.json";
    /// <summary>The export key's public half ("auditexplorer-export+keyid+base64"), next to manifest.dsse.json.</summary>
    public const string ExportKey = "export-key.pub";
    /// <summary>C2SP tlog-proof files, one per event ("&lt;seq&gt;.tlog-proof"), for packages of at most <see cref="TlogProofEventLimit"/> events, and always for the export event.</summary>
    public const string TlogProofsFolder = "tlog-proofs/";
    /// <summary>Above this many events a package carries no per-event tlog-proof (each repeats the checkpoint: about 1 KiB an event).</summary>
    public const int TlogProofEventLimit = 1000;
    /// <summary>Record and actor histories whose first change links to a seq retention removed: the store's archive records covering it.</summary>
    public const string ExpiredHistory = "expired.jsonl";
    public const string VerifyInstructions = "VERIFY.md";

    /// <summary>
    /// The format the writer produces: 2 adds boundaries.jsonl (the range's neighbours in full); 3 proves
    /// a time range's seq span with one range proof (the first line of proofs.jsonl) instead of one proof per event;
    /// 4 writes events.csv's JSON columns as the canonical text events.jsonl holds.
    /// </summary>
    public const int FormatVersion = 4;

    /// <summary>
    /// The first format whose events.csv holds canonical JSON, so a verifier compares its JSON cells as
    /// text; before it they hold the stored text and are compared after canonicalizing.
    /// </summary>
    public const int CanonicalCsvFormatVersion = 4;

    /// <summary>The first format whose time-range packages prove their span with one range proof.</summary>
    public const int RangeProofFormatVersion = 3;

    /// <summary>The oldest format the verifier still reads; versions outside [oldest, current] are refused.</summary>
    public const int OldestFormatVersion = 1;

    public const string FormatName = "auditexplorer-evidence-package";
}
