namespace AuditExplorer.Web.Hosting;

internal static class LoggingRegistration
{
    /// <summary>JSON console logs in production (one object per line, scopes included); readable text locally.</summary>
    public static void AddStructuredLogging(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
            builder.Logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
        else
            builder.Logging.AddJsonConsole(o => { o.IncludeScopes = true; o.UseUtcTimestamp = true; });
    }
}
