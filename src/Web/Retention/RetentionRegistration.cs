using AuditExplorer.Data.Retention;

namespace AuditExplorer.Web.Retention;

internal static class RetentionRegistration
{
    /// <summary>The Retention and Personal data pages' store access, as the reader role: changes are checked and audited by the store's functions.</summary>
    public static void AddRetentionSettings(this IHostApplicationBuilder builder)
    {
        var reader = builder.Configuration.GetConnectionString("Reader")
            ?? throw new InvalidOperationException("ConnectionStrings:Reader is not configured (see appsettings.json).");
        builder.Services.AddSingleton(new RetentionSettings(reader));
        builder.Services.AddSingleton(new AuditExplorer.Data.Erasure.PersonalDataPaths(reader));
    }
}
