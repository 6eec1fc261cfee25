using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Web.Hosting;

/// <summary>
/// The only place the web app reads <c>ConnectionStrings:*</c>: one <see cref="NpgsqlDataSource"/> (one pool) per
/// configured role, registered as a keyed singleton under its <see cref="DatabaseRole"/>; the host disposes them.
/// Every other registration resolves the source it needs, so EF Core and raw Npgsql of one role share one pool.
/// </summary>
internal static class DatabaseRoleRegistration
{
    /// <summary>
    /// Reader (ConnectionStrings:Reader, required), writer (ConnectionStrings:Ingest, enables the ingest API) and,
    /// only with Integrity:RunSealer on (the one-process demo), sealer (ConnectionStrings:Sealer). A role whose
    /// connection string is absent is not registered; the owner is never needed by the web app and never read.
    /// </summary>
    public static void AddDatabaseRoles(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var reader = config.GetConnectionString("Reader") is { Length: > 0 } r ? r
            : throw new InvalidOperationException("ConnectionStrings:Reader is not configured (see appsettings.json).");
        Register(builder.Services, DatabaseRole.Reader, reader);
        if (config.GetConnectionString("Ingest") is { Length: > 0 } writer)
            Register(builder.Services, DatabaseRole.Writer, writer);
        // Without the demo sealer the web process must not even hold the sealer's credentials.
        if (config.GetValue("Integrity:RunSealer", false) && config.GetConnectionString("Sealer") is { Length: > 0 } sealer)
            Register(builder.Services, DatabaseRole.Sealer, sealer);
        // Lag-tolerant views read a streaming standby when one is configured (docs/scaling.md).
        if (config.GetConnectionString("Replica") is { Length: > 0 } replica)
            Register(builder.Services, DatabaseRole.Replica, replica);
    }

    /// <summary>Whether <see cref="AddDatabaseRoles"/> registered a data source for <paramref name="role"/>.</summary>
    public static bool HasDatabaseRole(this IServiceCollection services, DatabaseRole role) =>
        services.Any(d => d.IsKeyedService && d.ServiceType == typeof(NpgsqlDataSource) && Equals(d.ServiceKey, role));

    /// <summary>The one data source of <paramref name="role"/>.</summary>
    public static NpgsqlDataSource DataSource(this IServiceProvider services, DatabaseRole role) =>
        services.GetRequiredKeyedService<NpgsqlDataSource>(role);

    // Built on first use by a factory, so the container owns the source and disposes it with the host.
    private static void Register(IServiceCollection services, DatabaseRole role, string connectionString) =>
        services.AddKeyedSingleton<NpgsqlDataSource>(role, (_, _) => AuditDataSources.Create(role, connectionString));
}
