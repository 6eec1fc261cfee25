namespace AuditExplorer.Data.Export.Jobs;

/// <summary>How export jobs run: where packages go, how long they live, how often a running job reports.</summary>
public sealed record ExportJobOptions
{
    /// <summary>The export folder; each package is "tenant/id.zip" under it.</summary>
    public required string Directory { get; init; }
    /// <summary>How long a finished package may be downloaded before the worker deletes it.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromHours(24);
    /// <summary>How long a bound export waits for a checkpoint to cover its own access event.</summary>
    public TimeSpan BindTimeout { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>Whether packages prove their own export event (the web app's are always bound).</summary>
    public bool BindToLog { get; init; } = true;
    /// <summary>How often a running job writes its heartbeat and progress, and looks at its cancel flag.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);
    /// <summary>A running job whose heartbeat is older than this has lost its worker and is marked failed.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(1);
    /// <summary>Names the program in the manifest and access events.</summary>
    public string ClientApp { get; init; } = "auditexplorer-web";

    /// <summary>The package's full path; the stored relative path is fixed by tenant and id (018_export_jobs.sql).</summary>
    public string FullPath(string relative) => Path.Combine(Directory, relative.Replace('/', Path.DirectorySeparatorChar));
}
