using AuditExplorer.Data.Access;
using AuditExplorer.Data.Export.Jobs;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;
using AuditExplorer.Web.Export;
using AuditExplorer.Web.Hosting;
using AuditExplorer.Web.Ingest;
using AuditExplorer.Web.Integrity;
using AuditExplorer.Web.Retention;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace AuditExplorer.Tests.Unit.Hosting;

/// <summary>
/// The web app reads each role's connection string once and holds one data source (one pool) per configured role.
/// Building a data source opens nothing, so these run without a database.
/// </summary>
public sealed class DatabaseRoleRegistrationTests
{
    private static string Connection(string role) => $"Host=127.0.0.1;Port=1;Username={role};Database=none";

    private static HostApplicationBuilder Builder(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)));
        return builder;
    }

    private static HostApplicationBuilder AllRoles() => Builder(
        ("ConnectionStrings:Reader", Connection("auditexplorer_reader")),
        ("ConnectionStrings:Ingest", Connection("auditexplorer_writer")),
        ("ConnectionStrings:Sealer", Connection("auditexplorer_sealer")),
        ("Integrity:RunSealer", "true"));

    private static int DataSourceRegistrations(IServiceCollection services) =>
        services.Count(d => d.ServiceType == typeof(NpgsqlDataSource));

    [Fact]
    public void Each_configured_role_has_one_data_source_resolved_as_the_same_instance_and_connecting_as_that_role()
    {
        var builder = AllRoles();
        builder.AddDatabaseRoles();
        Assert.Equal(3, DataSourceRegistrations(builder.Services));
        using var services = builder.Services.BuildServiceProvider();

        foreach (var (role, user) in new[] { (DatabaseRole.Reader, "auditexplorer_reader"), (DatabaseRole.Writer, "auditexplorer_writer"),
                     (DatabaseRole.Sealer, "auditexplorer_sealer") })
        {
            var first = services.DataSource(role);
            Assert.Same(first, services.DataSource(role));
            Assert.Equal(user, new NpgsqlConnectionStringBuilder(first.ConnectionString).Username);
        }
        Assert.NotSame(services.DataSource(DatabaseRole.Reader), services.DataSource(DatabaseRole.Writer));
        Assert.Null(services.GetKeyedService<NpgsqlDataSource>(DatabaseRole.Owner));
        Assert.Null(services.GetService<NpgsqlDataSource>());
    }

    [Fact]
    public void Every_registration_of_the_web_app_shares_the_role_sources_instead_of_adding_its_own()
    {
        var builder = Builder(("ConnectionStrings:Reader", Connection("auditexplorer_reader")), ("ConnectionStrings:Ingest", Connection("auditexplorer_writer")));
        builder.AddDatabaseRoles();
        builder.AddAuditStore();
        builder.AddTamperEvidence();
        builder.AddCheckpointPublication();
        builder.AddEvidenceExports();
        builder.AddEventIngest();
        builder.AddRetentionSettings();

        Assert.Equal(2, DataSourceRegistrations(builder.Services));
        using var services = builder.Services.BuildServiceProvider();
        // Resolving the services builds them on the registered sources (none connects yet).
        Assert.NotNull(services.GetRequiredService<AuditedReads>());
        Assert.NotNull(services.GetRequiredService<ChainVerifier>());
        Assert.NotNull(services.GetRequiredService<ExportJobStore>());
        Assert.NotNull(services.GetRequiredService<AuditExplorer.Data.Ingest.EventIngest>());
        Assert.Equal(2, DataSourceRegistrations(builder.Services));
    }

    [Fact]
    public void A_role_without_a_connection_string_is_not_registered_and_the_sealer_only_with_the_demo_sealer_on()
    {
        var readerOnly = Builder(("ConnectionStrings:Reader", Connection("auditexplorer_reader")),
            ("ConnectionStrings:Sealer", Connection("auditexplorer_sealer")));
        readerOnly.AddDatabaseRoles();
        Assert.True(readerOnly.Services.HasDatabaseRole(DatabaseRole.Reader));
        Assert.False(readerOnly.Services.HasDatabaseRole(DatabaseRole.Writer));
        // Configured, but with Integrity:RunSealer off the web process must not hold the sealer's credentials.
        Assert.False(readerOnly.Services.HasDatabaseRole(DatabaseRole.Sealer));

        var demo = AllRoles();
        demo.AddDatabaseRoles();
        Assert.True(demo.Services.HasDatabaseRole(DatabaseRole.Sealer));
    }

    [Fact]
    public void Without_a_reader_connection_string_the_app_refuses_to_start_with_a_clear_message()
    {
        var builder = Builder(("ConnectionStrings:Ingest", Connection("auditexplorer_writer")));
        var refused = Assert.Throws<InvalidOperationException>(builder.AddDatabaseRoles);
        Assert.Contains("ConnectionStrings:Reader", refused.Message);
    }

    [Fact]
    public async Task The_host_disposes_the_sources_it_built()
    {
        var builder = AllRoles();
        builder.AddDatabaseRoles();
        var services = builder.Services.BuildServiceProvider();
        var reader = services.DataSource(DatabaseRole.Reader);
        await services.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(async () => await reader.OpenConnectionAsync());
    }
}
