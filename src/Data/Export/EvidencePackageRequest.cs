using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Data.Export;

/// <summary>What to export and who asks: the tenant, the timeline filter, the exporter and the reason.</summary>
public sealed record EvidencePackageRequest
{
    public required string TenantId { get; init; }
    public TimelineFilter Filter { get; init; } = new();
    /// <summary>Pseudonymous subject id of the person exporting; recorded as the actor of the access event.</summary>
    public required string ExporterSubjectId { get; init; }
    public string ExporterKind { get; init; } = "user";
    public string? Reason { get; init; }
    /// <summary>Names the program in the manifest and access event (e.g. auditexplorer-cli).</summary>
    public string ClientApp { get; init; } = "auditexplorer";
    public string AppVersion { get; init; } = typeof(EvidencePackageRequest).Assembly.GetName().Version?.ToString() ?? "0.0.0";
    /// <summary>
    /// Two-phase export that binds the manifest to the log: the access event (holding tenant,
    /// exporter, reason and filter) is committed first, the writer waits until it is sealed and a
    /// checkpoint covers it, and the package then carries it with its inclusion proof, so a changed
    /// claim fails verification. Needs a running sealer and checkpoint issuer (the web app's).
    /// </summary>
    public bool BindToLog { get; init; }
    /// <summary>How long a bound export waits for its access event to be sealed and checkpointed.</summary>
    public TimeSpan BindTimeout { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>
    /// Adds personal-values.jsonl: the values and salts behind the events' personal-value commitments, for a
    /// requester <see cref="Redaction.ViewerPrivacy.SeesPersonalValues"/> allows. Without it the package holds commitments
    /// only, and verifies all the same.
    /// </summary>
    public bool RevealPersonalValues { get; init; }
    /// <summary>Rows read per query; also the batch for proof reads.</summary>
    public int BatchSize { get; init; } = 5_000;
}
