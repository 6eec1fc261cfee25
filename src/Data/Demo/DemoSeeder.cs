using System.Diagnostics;
using Npgsql;

namespace AuditExplorer.Data.Demo;

/// <summary>
/// Loads the demo tenants, their actors and a generated history into the audit store with binary
/// COPY. Runs as the owner role. Safe to re-run: existing tenants and actors are kept, and a
/// later run appends new history with fresh ids and entity numbers.
/// </summary>
public static class DemoSeeder
{
    public static async Task<DemoSeedResult> SeedAsync(
        string ownerConnectionString, DemoSeedOptions options, Action<DemoSeedProgress>? onProgress, CancellationToken ct)
    {
        if (options.Tenants < DemoTenantCatalog.NamedCount)
            throw new ArgumentException($"tenants must be at least {DemoTenantCatalog.NamedCount} (acme, globex and initech are always created)", nameof(options));
        if (options.Events < 0) throw new ArgumentException("events must not be negative", nameof(options));
        if (options.BatchSize < 1) throw new ArgumentException("batch size must be at least 1", nameof(options));
        if (options.Writers < 1) throw new ArgumentException("at least one writer connection is needed", nameof(options));

        var clock = Stopwatch.StartNew();
        // A larger write buffer means fewer, bigger socket writes while COPY streams.
        var builder = new NpgsqlConnectionStringBuilder(ownerConnectionString) { WriteBufferSize = 256 * 1024 };
        await using var conn = new NpgsqlConnection(builder.ConnectionString);
        await conn.OpenAsync(ct);

        var until = options.Until ?? StartOfCurrentHour();
        if (options.IfEmpty && await HasEventsAsync(conn, ct))
            return new DemoSeedResult(true, 0, 0, clock.Elapsed, until.AddDays(-DemoHistoryGenerator.HistoryDays), until);
        var existing = await CountEventsAsync(conn, ct);

        var tenants = DemoTenantCatalog.Take(options.Tenants);
        var created = await CreateTenantsAsync(conn, tenants, ct);
        // A run on top of existing history gets its own seed and entity numbers, so its ids never collide.
        var seed = existing == 0 ? options.Seed : unchecked(options.Seed * 397 ^ (int)existing ^ (int)(existing >> 32));
        var generator = new DemoHistoryGenerator(tenants, options.Events, seed, until, firstEntityNumber: existing);
        await AddActorsAsync(conn, tenants, generator.Actors, ct);
        await EnsurePartitionsAsync(conn, generator.From, generator.Until.AddDays(1), ct);

        var writers = new List<NpgsqlConnection>();
        try
        {
            for (var i = 0; i < options.Writers; i++)
            {
                var writer = new NpgsqlConnection(builder.ConnectionString);
                writers.Add(writer);
                await writer.OpenAsync(ct);
            }
            var written = await DemoEventCopier.CopyAsync(writers, generator.Generate(), options, clock, onProgress, ct);
            return new DemoSeedResult(false, created, written, clock.Elapsed, generator.From, generator.Until);
        }
        finally
        {
            foreach (var writer in writers) await writer.DisposeAsync();
        }
    }

    private static DateTime StartOfCurrentHour()
    {
        var now = DateTime.UtcNow;
        return new DateTime(now.Year, now.Month, now.Day, now.Hour, 0, 0, DateTimeKind.Utc);
    }

    private static async Task<bool> HasEventsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select exists (select 1 from audit.events)", conn);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task<long> CountEventsAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select count(*) from audit.events", conn);
        return (long)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static async Task<int> CreateTenantsAsync(NpgsqlConnection conn, IReadOnlyList<DemoTenant> tenants, CancellationToken ct)
    {
        var created = 0;
        foreach (var tenant in tenants)
        {
            await using var cmd = new NpgsqlCommand(
                "insert into audit.tenants (tenant_id, display_name, personal_paths) values ($1, $2, $3) on conflict (tenant_id) do nothing", conn);
            cmd.Parameters.AddWithValue(tenant.Id);
            cmd.Parameters.AddWithValue(tenant.DisplayName);
            cmd.Parameters.AddWithValue(tenant.PersonalPaths);
            created += await cmd.ExecuteNonQueryAsync(ct);
        }
        return created;
    }

    private static async Task AddActorsAsync(
        NpgsqlConnection conn, IReadOnlyList<DemoTenant> tenants, IReadOnlyList<DemoActor[]> actors, CancellationToken ct)
    {
        var rows = tenants.SelectMany((t, i) => actors[i].Select(a => (Tenant: t.Id, Actor: a))).ToArray();
        await using var cmd = new NpgsqlCommand(
            """
            insert into audit.subjects (tenant_id, subject_id, display_name, email)
            select * from unnest($1::text[], $2::text[], $3::text[], $4::text[])
            on conflict (tenant_id, subject_id) do nothing
            """, conn);
        cmd.Parameters.AddWithValue(rows.Select(r => r.Tenant).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Actor.SubjectId).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Actor.DisplayName).ToArray());
        cmd.Parameters.AddWithValue(rows.Select(r => r.Actor.Email).ToArray());
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static async Task EnsurePartitionsAsync(NpgsqlConnection conn, DateTime from, DateTime to, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select audit.ensure_partitions($1, $2)", conn);
        cmd.Parameters.AddWithValue(DateOnly.FromDateTime(from));
        cmd.Parameters.AddWithValue(DateOnly.FromDateTime(to));
        await cmd.ExecuteScalarAsync(ct);
    }
}
