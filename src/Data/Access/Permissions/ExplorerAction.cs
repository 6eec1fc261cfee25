namespace AuditExplorer.Data.Access.Permissions;

/// <summary>Each page or action of the explorer that the permission matrix decides (docs/security.md).</summary>
public enum ExplorerAction
{
    /// <summary>Latest events, time-range, record and actor timelines.</summary>
    ViewTimelines,
    /// <summary>One event in full: fields, context, what changed, correlated events.</summary>
    ViewEventDetail,
    /// <summary>A record's reconstructed state at a moment.</summary>
    ViewAsOf,
    /// <summary>Searching words inside old/new values (a match would reveal a personal value by probing).</summary>
    SearchValues,
    /// <summary>The access log page, access events in timelines and the detail of an access event.</summary>
    ViewAccessLog,
    /// <summary>The "Viewed by" panel of a record (who looked at it).</summary>
    ViewViewedBy,
    /// <summary>The Integrity page: chain, backlog, checkpoints, verification history.</summary>
    ViewIntegrity,
    /// <summary>Running a verification.</summary>
    RunVerification,
    /// <summary>The Exports page and starting an evidence export.</summary>
    Export,
    /// <summary>Downloading an evidence package one exported oneself.</summary>
    DownloadOwnExport,
    /// <summary>Downloading an evidence package a colleague exported.</summary>
    DownloadAnyExport,
    /// <summary>Retention policies, legal holds and tenant settings.</summary>
    ManageSettings,
    /// <summary>Erasing a data subject's personal data (GDPR Art. 17) and their subject access report (Art. 15).</summary>
    EraseSubject,
}
