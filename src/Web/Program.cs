using AuditExplorer.Web.Access.Authorization;
using AuditExplorer.Web.Export;
using AuditExplorer.Web.Hosting;
using AuditExplorer.Web.Ingest;
using AuditExplorer.Web.Integrity;
using AuditExplorer.Web.Retention;
using AuditExplorer.Web.SignIn;
using AuditExplorer.Web.Streams;

if (args.FirstOrDefault() == ReadinessProbe.Verb) return await ReadinessProbe.RunAsync(args);

var builder = WebApplication.CreateBuilder(args);

builder.AddStructuredLogging();
builder.AddTelemetry();
builder.AddDatabaseRoles();
builder.AddAuditStore();
builder.AddTamperEvidence();
builder.AddCheckpointPublication();
builder.AddEvidenceExports();
builder.AddEventIngest();
builder.AddStreams();
builder.AddRetentionSettings();
builder.AddExplorerSignIn();
builder.AddExplorerAuthorization();
builder.AddExplorerUi();

var app = builder.Build();

app.UseExplorerErrorPages();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapHealthEndpoints();
app.MapSignInEndpoints();
app.MapExplorerUi();
app.MapEvidenceExportDownloads();
app.MapCheckpointPublication();
app.MapEventIngest();

app.Run();
return 0;

/// <summary>Entry point, visible to tests that host the app.</summary>
public partial class Program;
