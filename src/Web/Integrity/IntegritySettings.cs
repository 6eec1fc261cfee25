namespace AuditExplorer.Web.Integrity;

/// <summary>How often the web app seals and checkpoints (configuration section "Integrity").</summary>
public sealed class IntegritySettings
{
    /// <summary>Run the sealer in this process. Turn off where a separate `auditexplorer seal` job runs.</summary>
    public bool RunSealer { get; set; } = true;
    public TimeSpan SealInterval { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan CheckpointInterval { get; set; } = TimeSpan.FromMinutes(1);
}
