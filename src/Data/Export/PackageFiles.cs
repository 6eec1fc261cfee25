namespace AuditExplorer.Data.Export;

/// <summary>The names of the files inside an evidence package.</summary>
public static class PackageFiles
{
    public const string EventsCsv = "events.csv";
    public const string EventsJsonLines = "events.jsonl";
    public const string Proofs = "proofs.jsonl";
    public const string Checkpoint = "checkpoint.txt";
    public const string KeysFolder = "keys/";
    public const string Manifest = "manifest.json";
    public const string VerifyInstructions = "VERIFY.md";

    /// <summary>The current package format; verifiers refuse versions they do not know.</summary>
    public const int FormatVersion = 1;

    public const string FormatName = "auditexplorer-evidence-package";
}
