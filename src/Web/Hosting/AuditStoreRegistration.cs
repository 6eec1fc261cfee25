using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AuditExplorer.Web.Hosting;

internal static class AuditStoreRegistration
{
    /// <summary>The store, read as the reader role (row-level security applies to every query).</summary>
    public static void AddAuditStore(this IHostApplicationBuilder builder)
    {
        var reader = builder.Configuration.GetConnectionString("Reader")
            ?? throw new InvalidOperationException("ConnectionStrings:Reader is not configured (see appsettings.json).");
        builder.Services.AddDbContextFactory<AuditExplorer.Data.Store.AuditDbContext>(o => AuditStoreOptions.Configure(o, reader));
        builder.Services.AddSingleton(new CursorCodec(CursorKey(builder.Configuration)));
        builder.Services.AddSingleton<TimelineQuery>();
        // Lag-tolerant views read the replica when one is configured (docs/scaling.md); everything else the primary.
        if (builder.Configuration.GetConnectionString("Replica") is { Length: > 0 } replica)
        {
            builder.Services.AddSingleton(new ReplicaContexts(replica));
            builder.Services.AddSingleton(new ReplicaLagQuery(replica));
        }
        builder.Services.AddSingleton<AuditedReads>();
        builder.Services.AddSingleton<AuditExplorer.Web.Access.TenantSettingsQuery>();
        builder.Services.AddScoped<AuditExplorer.Web.Access.ViewerSession>();
        builder.Services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: ["ready"]);
    }

    // Without a configured key, cursors stay valid only until the app restarts: old page
    // links then fail with a clear "start again" message, never with wrong data.
    private static byte[] CursorKey(IConfiguration configuration) =>
        configuration["Explorer:CursorKey"] is { Length: > 0 } key ? Convert.FromBase64String(key) : RandomNumberGenerator.GetBytes(32);
}
