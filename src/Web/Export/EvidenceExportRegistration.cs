using AuditExplorer.Data.Access;
using AuditExplorer.Data.Access.Permissions;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Web.SignIn;

namespace AuditExplorer.Web.Export;

internal static class EvidenceExportRegistration
{
    /// <summary>Background evidence exports ("Exports:Directory", default .local/exports; "Exports:LifetimeHours", default 24).</summary>
    public static void AddEvidenceExports(this IHostApplicationBuilder builder)
    {
        var reader = builder.Configuration.GetConnectionString("Reader")
            ?? throw new InvalidOperationException("ConnectionStrings:Reader is not configured (see appsettings.json).");
        var directory = builder.Configuration["Exports:Directory"] is { Length: > 0 } d ? d : Path.Combine(".local", "exports");
        var lifetime = TimeSpan.FromHours(builder.Configuration.GetValue("Exports:LifetimeHours", 24.0));
        builder.Services.AddSingleton(new ExportDownloadRecorder(reader));
        // A package waits until a checkpoint covers its own access event: give the sealer a few checkpoint intervals.
        var bindTimeout = TimeSpan.FromMinutes(builder.Configuration.GetValue("Exports:BindTimeoutMinutes", 5.0));
        builder.Services.AddSingleton(sp => new EvidenceExportJobs(
            new EvidencePackageWriter(reader, sp.GetRequiredService<CheckpointKeyring>()), Path.GetFullPath(directory), lifetime, bindTimeout,
            sp.GetRequiredService<ILogger<EvidenceExportJobs>>()));
    }

    /// <summary>
    /// GET /t/{tenant}/exports/{id}/download: the exporter (if their role may download their own exports) and roles
    /// the permission matrix lets download any export of the tenant; only while the package has not expired, and
    /// only after the download is recorded as an access event. Another tenant's package answers 404, as if absent.
    /// </summary>
    public static void MapEvidenceExportDownloads(this WebApplication app)
    {
        app.MapGet("/t/{tenant}/exports/{id:guid}/download", async (string tenant, Guid id, HttpContext http, EvidenceExportJobs jobs,
            ExportDownloadRecorder recorder, ClaimNames names, CancellationToken ct) =>
        {
            var user = ExplorerUser.From(http.User, names);
            if (user is null || !user.CanRead(tenant) || jobs.Find(id) is not { } job || job.Tenant != tenant)
                return Results.Problem("There is no such export in this tenant.", statusCode: StatusCodes.Status404NotFound);
            var allowed = job.ExporterSubjectId == user.SubjectId ? user.May(ExplorerAction.DownloadOwnExport) : user.May(ExplorerAction.DownloadAnyExport);
            if (!allowed)
                return Results.Problem("Your role may not download this evidence package. Ask its exporter or a compliance officer.",
                    statusCode: StatusCodes.Status403Forbidden);
            jobs.ForTenant(tenant); // expires old packages first
            if (job.Status != EvidenceExportStatus.Ready || !File.Exists(job.FilePath))
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
            return Results.File(job.FilePath, "application/zip", $"evidence-{tenant}-{job.CreatedAt:yyyyMMdd-HHmmss}.zip");
        }).RequireAuthorization();
    }
}
