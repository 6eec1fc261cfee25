namespace AuditExplorer.Web.Integrity;

/// <summary>How often the web app seals and checkpoints (configuration section "Integrity").</summary>
public sealed class IntegritySettings
{
    /// <summary>
    /// Run the sealer and checkpoint signer in this process (a one-process demo only). Off by default: production
    /// runs `auditexplorer seal --watch`, so the internet-facing app holds neither the key nor the sealer's credentials.
    /// </summary>
    public bool RunSealer { get; set; }
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Optional http(s) link to the operators' runbook for integrity alarms, shown in the rollback/fork banner.</summary>
    public string? RunbookUrl { get; set; }

    /// <summary>With `ConnectionStrings:Replica`, the Integrity page warns when the replica lags more than this.</summary>
    public TimeSpan ReplicaLagWarning { get; set; } = TimeSpan.FromSeconds(30);
}
