using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Retention;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Retention;

/// <summary>
/// A tenant with a short retention period and events in a long-past month of its own (each test
/// uses its own month, so tests sharing the database never expire each other's data), sealed and
/// under a signed checkpoint like production data.
/// </summary>
internal sealed class RetentionTestbed(PostgresFixture db) : IDisposable
{
    private readonly CheckpointSigningKey _key = CheckpointSigningKey.Generate("auditexplorer.retention");
    private CheckpointKeys? _keys;

    public CheckpointKeyring Keyring => new([_key.VerifierKey]);
    public string ArchiveFolder { get; } = Directory.CreateTempSubdirectory("ae-archive-").FullName;
    public RetentionActor Operator { get; } = new("usr_ops", "system");

    public RetentionSettings OwnerSettings => new(db.OwnerSource);

    public RetentionRunner Runner(IArchiveStore? store = null) =>
        new(db.OwnerSource, db.ReaderSource, Keyring, store ?? new FolderArchiveStore(ArchiveFolder));

    public Task<RetentionRunResult> RunAsync(string tenant, IArchiveStore? store = null) =>
        Runner(store).RunAsync(new RetentionRunOptions { TenantId = tenant, OperatorSubjectId = "usr_ops" });

    /// <summary>Creates a tenant keeping data <paramref name="periodMonths"/> months, with events in the given month and two from today.</summary>
    public async Task<string> TenantWithOldMonthAsync(DateTimeOffset month, int periodMonths = 12, int events = 5)
    {
        var tenant = await db.CreateTenantAsync("ret");
        await OwnerSettings.SetPeriodAsync(tenant, periodMonths, null, "test: short retention", Operator);
        await ExecAsync(db.Owner, "select audit.ensure_partitions($1, $1)", DateOnly.FromDateTime(month.UtcDateTime));
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            for (var i = 0; i < events; i++)
                await TestEvents.AppendAsync(conn, tenant, month.AddHours(i + 1), entityId: "c-" + i, actor: "usr_" + (i % 2));
            await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddMinutes(-2), entityId: "today-1");
            await TestEvents.AppendAsync(conn, tenant, DateTimeOffset.UtcNow.AddMinutes(-1), entityId: "today-2");
        }
        await SealAndCheckpointAsync(tenant);
        return tenant;
    }

    public async Task SealAndCheckpointAsync(string tenant)
    {
        await new EventSealer(db.SealerSource).SealPendingAsync(tenant);
        _keys ??= new CheckpointKeys(_key, Keyring);
        var issued = await new CheckpointIssuer(db.SealerSource, _keys).IssueAsync(tenant);
        Assert.NotNull(issued.Checkpoint);
    }

    public static string PartitionOf(string tenant, DateTimeOffset month) =>
        $"events_{month.UtcDateTime:yyyy_MM}_t_{tenant.Replace('-', '_')}";

    public async Task<bool> PartitionExistsAsync(string name) =>
        await ScalarAsync<bool>(db.Owner, "select to_regclass('audit.' || quote_ident($1)) is not null", name);

    public async Task<long> EventsAsync(string tenant) =>
        await ScalarAsync<long>(db.Owner, "select count(*) from audit.events where tenant_id = $1", tenant);

    public async Task<long> ArchiveRowsAsync(string tenant) =>
        await ScalarAsync<long>(db.Owner, "select count(*) from audit.retention_archives where tenant_id = $1", tenant);

    public Task<VerificationReport> VerifyChainAsync(string tenant) =>
        new ChainVerifier(db.ReaderSource, Keyring).VerifyAsync(tenant, VerificationMode.Full, new VerificationActor("officer-1", "user"));

    public PackageVerificationReport VerifyPackage(string path) =>
        EvidencePackageVerifier.Verify(path, new PackageVerificationOptions { TrustedKeys = [_key.VerifierKey] });

    public static async Task<T> ScalarAsync<T>(string connection, string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public static async Task ExecAsync(string connection, string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        await cmd.ExecuteNonQueryAsync();
    }

    public void Dispose()
    {
        _keys?.Dispose();
        foreach (var file in Directory.EnumerateFiles(ArchiveFolder, "*", SearchOption.AllDirectories)) File.SetAttributes(file, FileAttributes.Normal);
        Directory.Delete(ArchiveFolder, recursive: true);
    }
}
