using AuditExplorer.Tests.E2E.SignIn;
using Npgsql;

namespace AuditExplorer.Tests.E2E.Integrity;

/// <summary>A migrated database with one tenant, its own sealer process and signing key; dropped on dispose.</summary>
internal sealed class RollbackTestDatabase : IAsyncDisposable
{
    /// <summary>
    /// The tenant rolled back: named like a demo tenant so the demo identities may open it, but in this database only
    /// (alice may also see globex, which this database lacks: her sign-in records nothing there and still succeeds).
    /// </summary>
    public const string Tenant = "acme";

    private readonly string _keys = Directory.CreateTempSubdirectory("ae-rollback-keys-").FullName;
    private RunningProgram? _sealer;

    public string Database { get; } = "ae_e2e_rb_" + Guid.NewGuid().ToString("N")[..8];
    public string SignedRecordPath => Path.Combine(_keys, "checkpoints.signed.log");
    private string Super => ExtraInstances.Connection("postgres", Database);
    private Dictionary<string, string> CliEnv => new()
    {
        ["AUDITEXPLORER_OWNER_CONNECTION"] = ExtraInstances.Connection("auditexplorer_owner", Database),
        ["AUDITEXPLORER_SUPERUSER_CONNECTION"] = Super,
        ["AUDITEXPLORER_SEALER_CONNECTION"] = ExtraInstances.Connection("auditexplorer_sealer", Database),
        ["AUDITEXPLORER_CHECKPOINT_DEV_KEYS"] = _keys,
    };

    public static async Task<RollbackTestDatabase> CreateAsync()
    {
        var bed = new RollbackTestDatabase();
        await ExecuteAsync(ExtraInstances.Connection("postgres", "postgres"), $"create database \"{bed.Database}\" owner auditexplorer_owner");
        var cli = ExtraInstances.Built("src/Cli", "auditexplorer.dll");
        await RunningProgram.RunToEndAsync("migrate-rollback", cli, ["migrate"], bed.CliEnv);
        await ExecuteAsync(ExtraInstances.Connection("auditexplorer_owner", bed.Database),
            $"insert into audit.tenants (tenant_id, display_name) values ('{Tenant}', 'Acme (rollback test)')");
        bed._sealer = RunningProgram.Start("Sealer-rollback", cli, ["seal", "--watch", "--interval", "0.3", "--checkpoint-interval", "1"], bed.CliEnv);
        return bed;
    }

    public Task AppendAsync(int count) => ExecuteAsync(ExtraInstances.Connection("auditexplorer_writer", Database),
        $"""
        select audit.append_event('{Tenant}', 'u' || (i % 3), 'user', 'contract.update', 'update', 'contract', (i % 5)::text,
               jsonb_build_object('amount', i - 1), jsonb_build_object('amount', i))
        from generate_series(1, {count}) as i
        """);

    public async Task UntilCheckpointAsync(long size)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (await ScalarAsync("select coalesce(max(tree_size), 0) from audit.checkpoints where tenant_id = $1") < size)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"no checkpoint of {size} within 60 s:\n{_sealer?.Output}");
            await Task.Delay(200);
        }
    }

    /// <summary>Waits until everything queued is sealed and signed, then stops the sealer: its record then holds the newest checkpoint, returned.</summary>
    public async Task<long> SettleAndStopSealerAsync()
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        long chain;
        while ((chain = await ScalarAsync("select coalesce(max(seq), 0) from audit.seals where tenant_id = $1")) == 0
               || await ScalarAsync("select count(*) from audit.seal_queue where tenant_id = $1") > 0
               || await ScalarAsync("select coalesce(max(tree_size), 0) from audit.checkpoints where tenant_id = $1") < chain)
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"the sealer did not settle within 60 s:\n{_sealer?.Output}");
            await Task.Delay(200);
        }
        if (_sealer is not null) await _sealer.DisposeAsync();
        _sealer = null;
        return await ScalarAsync("select coalesce(max(tree_size), 0) from audit.checkpoints where tenant_id = $1");
    }

    public async Task<string> PublicKeyAsync()
    {
        var (exit, output) = await RunningProgram.RunAsync("public-key", ExtraInstances.Built("src/Cli", "auditexplorer.dll"), ["public-key"], CliEnv);
        Assert.Equal(0, exit);
        return output.Split('\n').Select(l => l.Trim()).First(l => l.Length > 0);
    }

    /// <summary>As the superuser without the key: drop the tail, its seals, tree nodes and checkpoints (triggers off).</summary>
    public Task RollBackAsync(long keep) => ExecuteAsync(Super,
        $"""
        begin;
        set local session_replication_role = replica;
        delete from audit.events e using audit.seals s where e.tenant_id = '{Tenant}' and s.tenant_id = e.tenant_id and s.event_id = e.id and s.seq > {keep};
        delete from audit.seals where tenant_id = '{Tenant}' and seq > {keep};
        delete from audit.merkle_nodes where tenant_id = '{Tenant}' and (idx + 1) * (1::bigint << level) > {keep};
        delete from audit.checkpoints where tenant_id = '{Tenant}' and tree_size > {keep};
        commit;
        """);

    public async ValueTask DisposeAsync()
    {
        if (_sealer is not null) await _sealer.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await ExecuteAsync(ExtraInstances.Connection("postgres", "postgres"), $"drop database if exists \"{Database}\" with (force)");
        Directory.Delete(_keys, recursive: true);
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var conn = new NpgsqlConnection(Super);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue(Tenant);
        return Convert.ToInt64(await cmd.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(string connection, string sql)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
