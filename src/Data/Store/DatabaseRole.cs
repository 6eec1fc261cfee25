namespace AuditExplorer.Data.Store;

/// <summary>The PostgreSQL roles the product connects as (docs/database-roles.md); each gets one data source per process.</summary>
public enum DatabaseRole
{
    /// <summary>auditexplorer_reader: reads under row-level security and appends access events.</summary>
    Reader,

    /// <summary>auditexplorer_writer: appends business events (the ingest API).</summary>
    Writer,

    /// <summary>auditexplorer_sealer: chains, seals and checkpoints.</summary>
    Sealer,

    /// <summary>auditexplorer_owner: migrates and runs maintenance.</summary>
    Owner,

    /// <summary>auditexplorer_reader on a streaming standby (ConnectionStrings:Replica): lag-tolerant reads only, never a write.</summary>
    Replica,
}
