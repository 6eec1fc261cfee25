using AuditExplorer.Web.Hosting;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Access.Permissions;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Export.Jobs;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Web.SignIn;
using Npgsql;

namespace AuditExplorer.Web.Export;

internal static class EvidenceExportRegistration
{
    /// <summary>
    /// Durable evidence exports: jobs in web.export_jobs, run by a hosted worker ("Exports:Directory", default
    /// .local/exports; "Exports:LifetimeHours", default 24; "Exports:BindTimeoutMinutes", default 5;
    /// "Exports:HeartbeatSeconds", default 1; "Exports:StaleAfterSeconds", default 60; "Exports:PollSeconds",
    /// default 5; "Exports:SweepSeconds", default 60; "Exports:SigningKey" PEM text or "Exports:SigningKeyPath", the
    /// optional export key of manifest.dsse.json).
    /// </summary>
    public static void AddEvidenceExports(this IHostApplicationBuilder builder)
    {
        var config = builder.Configuration;
        var directory = config["Exports:Directory"] is { Length: > 0 } d ? d : Path.Combine(".local", "exports");
        var options = new ExportJobOptions
        {
            Directory = Path.GetFullPath(directory),
            Lifetime = TimeSpan.FromHours(Positive(config, "Exports:LifetimeHours", 24.0)),
            // A package waits until a checkpoint covers its own access event: give the sealer a few checkpoint intervals.
            BindTimeout = TimeSpan.FromMinutes(Positive(config, "Exports:BindTimeoutMinutes", 5.0)),
            HeartbeatInterval = TimeSpan.FromSeconds(Positive(config, "Exports:HeartbeatSeconds", 1.0)),
            StaleAfter = TimeSpan.FromSeconds(Positive(config, "Exports:StaleAfterSeconds", 60.0)),
        };
        if (options.StaleAfter < 3 * options.HeartbeatInterval)
            throw new InvalidOperationException("Exports:StaleAfterSeconds must be at least three heartbeats (Exports:HeartbeatSeconds), or live jobs would be failed as stale.");
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(sp => new ExportDownloadRecorder(sp.DataSource(DatabaseRole.Reader)));
        builder.Services.AddSingleton(sp => new ExportJobStore(sp.DataSource(DatabaseRole.Reader)));
        builder.Services.AddSingleton(new ExportJobSchedule(
            TimeSpan.FromSeconds(Positive(config, "Exports:PollSeconds", 5.0)), TimeSpan.FromSeconds(Positive(config, "Exports:SweepSeconds", 60.0))));
        builder.Services.AddSingleton<ExportJobSignal>();
        var statementKey = ExportKey(config);
        builder.Services.AddSingleton(sp => new ExportJobWorker(sp.GetRequiredService<ExportJobStore>(),
            new EvidencePackageWriter(sp.DataSource(DatabaseRole.Reader), sp.GetRequiredService<CheckpointKeyring>(), statementKey), options));
        builder.Services.AddHostedService<ExportJobService>();
    }

    /// <summary>The export key from configuration, or null (then packages carry no DSSE envelope). A malformed key stops startup.</summary>
    private static ExportSigningKey? ExportKey(IConfiguration config)
    {
        var pem = config["Exports:SigningKey"] is { Length: > 0 } text ? text
            : config["Exports:SigningKeyPath"] is { Length: > 0 } path ? File.ReadAllText(path) : null;
        try
        {
            return pem is null ? null : ExportSigningKey.FromPem(pem);
        }
        catch (FormatException ex)
        {
            throw new InvalidOperationException($"Exports:SigningKey: {ex.Message}", ex);
        }
    }

    private static double Positive(IConfiguration config, string key, double fallback)
    {
        var value = config.GetValue(key, fallback);
        return value > 0 ? value : throw new InvalidOperationException($"{key} must be a positive number (it is {value}).");
    }

    /// <summary>
    /// GET /t/{tenant}/exports/{id}/download: the exporter (if their role may download their own exports) and roles
    /// the permission matrix lets download any export of the tenant; only while the package has not expired, and
    /// only after the download is recorded as an access event. Another tenant's package answers 404, as if absent.
    /// </summary>
    public static void MapEvidenceExportDownloads(this WebApplication app)
    {
        app.MapGet("/t/{tenant}/exports/{id:guid}/download", async (string tenant, Guid id, HttpContext http, ExportJobStore jobs,
            ExportJobOptions options, ExportDownloadRecorder recorder, ClaimNames names, CancellationToken ct) =>
        {
            var user = ExplorerUser.From(http.User, names);
            ExportJob? job;
            try
            {
                // The tenant is checked here and again by row-level security on web.export_jobs.
                job = user is not null && user.CanRead(tenant) ? await jobs.FindAsync(tenant, id, ct) : null;
            }
            catch (NpgsqlException)
            {
                return Results.Problem("The export history could not be read from the audit store. Try again later.",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            if (user is null || job is null)
                return Results.Problem("There is no such export in this tenant.", statusCode: StatusCodes.Status404NotFound);
            var allowed = job.RequestedById == user.SubjectId ? user.May(ExplorerAction.DownloadOwnExport) : user.May(ExplorerAction.DownloadAnyExport);
            if (!allowed)
                return Results.Problem("Your role may not download this evidence package. Ask its exporter or a compliance officer.",
                    statusCode: StatusCodes.Status403Forbidden);
            var path = options.FullPath(job.FilePath);
            if (!job.IsDownloadable(DateTimeOffset.UtcNow) || !File.Exists(path))
                return Results.Problem("This export is not available (still running, failed, or expired).", statusCode: StatusCodes.Status410Gone);
            try
            {
                await recorder.RecordAsync(tenant, user.SubjectId, job.AccessEventId ?? Guid.Empty, job.Sha256 ?? "", "auditexplorer-web", ct);
            }
            catch (AccessNotRecordedException)
            {
                return Results.Problem("The download could not be recorded in the audit log, so it is not served. Try again later.",
                    statusCode: StatusCodes.Status503ServiceUnavailable);
            }
            return Results.File(path, "application/zip", $"evidence-{tenant}-{job.CreatedAt:yyyyMMdd-HHmmss}.zip");
        }).RequireAuthorization();
    }
}
