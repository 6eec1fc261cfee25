using AuditExplorer.Web.Access.Authorization;
using AuditExplorer.Web.Export;
using AuditExplorer.Web.Hosting;
using AuditExplorer.Web.Integrity;
using AuditExplorer.Web.Retention;
using AuditExplorer.Web.SignIn;

var builder = WebApplication.CreateBuilder(args);

builder.AddStructuredLogging();
builder.AddAuditStore();
builder.AddTamperEvidence();
builder.AddCheckpointPublication();
builder.AddEvidenceExports();
builder.AddRetentionSettings();
builder.AddExplorerSignIn();
builder.AddExplorerAuthorization();
builder.AddExplorerUi();

var app = builder.Build();

app.UseExplorerErrorPages();
app.UseStaticFiles();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapHealthEndpoints();
app.MapSignInEndpoints();
app.MapExplorerUi();
app.MapEvidenceExportDownloads();
app.MapCheckpointPublication();

app.Run();

/// <summary>Entry point, visible to tests that host the app.</summary>
public partial class Program;
