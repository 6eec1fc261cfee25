using AuditExplorer.Data.Access;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Export.Jobs;
using AuditExplorer.Data.Integrity;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Export.Jobs;

/// <summary>
/// What export job tests share: a signing key, an export folder of their own, tenants with sealed and
/// checkpointed events, and "hosts": a store and a worker built afresh, as a restarted web app builds them.
/// </summary>
internal sealed class ExportJobTestBed(PostgresFixture db) : IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 2, 1, 8, 0, 0, TimeSpan.Zero);
    private readonly CheckpointKeys _keys = NewKeys();

    public string Directory { get; } = Path.Combine(Path.GetTempPath(), "ae-export-jobs-" + Guid.NewGuid().ToString("N"));

    public CheckpointVerifierKey VerifierKey => _keys.Signer.VerifierKey;

    private static CheckpointKeys NewKeys()
    {
        var signer = CheckpointSigningKey.Generate("auditexplorer");
        return new CheckpointKeys(signer, new CheckpointKeyring([signer.VerifierKey]));
    }

    public ExportJobOptions Options(bool bind = false, double bindTimeoutSeconds = 60, double staleAfterSeconds = 60, double lifetimeSeconds = 3600) => new()
    {
        Lifetime = TimeSpan.FromSeconds(lifetimeSeconds),
        Directory = Directory, BindToLog = bind, BindTimeout = TimeSpan.FromSeconds(bindTimeoutSeconds),
        HeartbeatInterval = TimeSpan.FromMilliseconds(200), StaleAfter = TimeSpan.FromSeconds(staleAfterSeconds),
    };

    /// <summary>A new host's store: nothing carried over but the database (a data source of its own, as after a process restart).</summary>
    public ExportJobStore NewStore() => new(NewHostSource());

    public ExportJobWorker NewWorker(ExportJobOptions options, string? id = null)
    {
        var host = NewHostSource();
        return new(new ExportJobStore(host), new EvidencePackageWriter(host, new CheckpointKeyring([_keys.Signer.VerifierKey])), options, id);
    }

    private readonly List<NpgsqlDataSource> _hosts = [];

    private NpgsqlDataSource NewHostSource()
    {
        var source = NpgsqlDataSource.Create(db.Reader);
        lock (_hosts) _hosts.Add(source);
        return source;
    }

    /// <summary>A tenant with <paramref name="events"/> contract events, sealed and under a signed checkpoint.</summary>
    public async Task<string> TenantWithEventsAsync(int events = 4)
    {
        var tenant = await db.CreateTenantAsync("job");
        await using (var conn = new NpgsqlConnection(db.Writer))
        {
            await conn.OpenAsync();
            for (var i = 0; i < events; i++)
                await TestEvents.AppendAsync(conn, tenant, T0.AddHours(i), newValues: $$"""{"amount":{{i}}}""");
        }
        await SealAndCheckpointAsync(tenant);
        return tenant;
    }

    public async Task SealAndCheckpointAsync(string tenant)
    {
        await new EventSealer(db.SealerSource).SealPendingAsync(tenant);
        await new CheckpointIssuer(db.SealerSource, _keys).IssueAsync(tenant);
    }

    /// <summary>What the web app's sealer does in the background, until <paramref name="ct"/> ends: bound exports need it.</summary>
    public async Task PumpCheckpointsAsync(string tenant, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            await SealAndCheckpointAsync(tenant);
            try
            {
                await Task.Delay(100, ct);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Runs SQL as the owner (who may fix up rows the guard allows, e.g. to age a heartbeat).</summary>
    public async Task<object?> OwnerScalarAsync(string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        return await cmd.ExecuteScalarAsync();
    }

    /// <summary>Runs SQL as the web app's role in a transaction scoped to <paramref name="tenant"/>.</summary>
    public async Task<object?> ReaderScalarAsync(string tenant, string sql, params object[] args)
    {
        await using var conn = new NpgsqlConnection(db.Reader);
        await conn.OpenAsync();
        await using var tx = await TenantScope.BeginAsync(conn, tenant, CancellationToken.None);
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var a in args) cmd.Parameters.AddWithValue(a);
        var result = await cmd.ExecuteScalarAsync();
        await tx.CommitAsync();
        return result;
    }

    /// <summary>Ends queued jobs a test left behind, so the next test's workers do not pick them up.</summary>
    public async Task CancelLeftoversAsync() =>
        await OwnerScalarAsync("update web.export_jobs set status = 'cancelled', finished_at = now() where status = 'queued'");

    public void Dispose()
    {
        _keys.Dispose();
        lock (_hosts) foreach (var host in _hosts) host.Dispose();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // nothing was written
        }
    }
}
