using Npgsql;

namespace AuditExplorer.Data.Store;

/// <summary>
/// Builds the one <see cref="NpgsqlDataSource"/> (one pool) a process holds for a database role. Services take
/// the data source itself rather than a wrapper type per role: several services run as more than one role
/// (retention settings as the reader in the web app and as the owner in the CLI; the signer-record check as the
/// sealer or the reader), so the role is chosen where the source is registered (keyed by <see cref="DatabaseRole"/>
/// in the web app, one per command in the CLI), and every service of that process shares its pool.
/// </summary>
public static class AuditDataSources
{
    /// <summary>A data source for <paramref name="role"/>; the caller owns it and disposes it with the process.</summary>
    public static NpgsqlDataSource Create(DatabaseRole role, string connectionString)
    {
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        // Never auto-prepare, whatever the connection string says: with Npgsql 10 a statement auto-prepared by a
        // call that fails inside a transaction which is then rolled back (a refused access event, a refused setting,
        // an ingest batch with bad input) leaves its pooled connection out of step with the server, and the next
        // use of that connection fails with "Received unexpected backend message DataRow" (npgsql/npgsql#6391;
        // AutoPreparedAccessEventTests reproduces it). Statements prepared before such a failure are not affected.
        builder.ConnectionStringBuilder.MaxAutoPrepare = 0;
        // The name tags this pool's metrics and traces, so the reader's pool is told apart from the sealer's.
        builder.Name = "auditexplorer-" + role.ToString().ToLowerInvariant();
        return builder.Build();
    }
}
