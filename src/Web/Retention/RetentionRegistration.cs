using AuditExplorer.Web.Hosting;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Retention;

namespace AuditExplorer.Web.Retention;

internal static class RetentionRegistration
{
    /// <summary>The Retention and Personal data pages' store access, as the reader role: changes are checked and audited by the store's functions.</summary>
    public static void AddRetentionSettings(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new RetentionSettings(sp.DataSource(DatabaseRole.Reader)));
        builder.Services.AddSingleton(sp => new AuditExplorer.Data.Erasure.PersonalDataPaths(sp.DataSource(DatabaseRole.Reader)));
    }
}
