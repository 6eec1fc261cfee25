using AuditExplorer.DevIdentity.Clients;
using AuditExplorer.DevIdentity.Connect;
using AuditExplorer.DevIdentity.Home;
using AuditExplorer.DevIdentity.Login;
using AuditExplorer.DevIdentity.Server;
using AuditExplorer.DevIdentity.Users;

// Content root = the build output, so appsettings.json is found whatever the working directory is.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

builder.AddDemoUsers();
builder.AddLoginSessions();
builder.AddDevIdentityServer();

var app = builder.Build();

await app.RegisterWebClientAsync();

app.UseAuthentication();
app.UseAuthorization();

app.MapHomePages();
app.MapLoginPages();
app.MapConnectEndpoints();

await app.RunAsync();
