using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Cli;

/// <summary>
/// The data source a command connects through, one per role and process: the command builds it once, hands it to
/// every service it calls and disposes it when it ends, so a long-running verb (seal --watch, maintain --watch)
/// keeps one pool rather than one per call.
/// </summary>
internal static class CliDataSources
{
    /// <summary>The owner role (<see cref="CliArguments.OwnerConnection"/>).</summary>
    public static NpgsqlDataSource Owner(CliArguments args) => AuditDataSources.Create(DatabaseRole.Owner, args.OwnerConnection);

    /// <summary>The sealer role (<see cref="IntegrityCliOptions.SealerConnection"/>).</summary>
    public static NpgsqlDataSource Sealer(CliArguments args) => AuditDataSources.Create(DatabaseRole.Sealer, IntegrityCliOptions.SealerConnection(args));

    /// <summary>The reader role: --reader-connection, else AUDITEXPLORER_READER_CONNECTION, else the reader on the local cluster.</summary>
    public static NpgsqlDataSource Reader(CliArguments args) => AuditDataSources.Create(DatabaseRole.Reader,
        args.Get("reader-connection") ?? Environment.GetEnvironmentVariable("AUDITEXPLORER_READER_CONNECTION")
        ?? "Host=127.0.0.1;Port=55432;Username=auditexplorer_reader;Database=auditexplorer");
}
