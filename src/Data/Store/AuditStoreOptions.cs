using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace AuditExplorer.Data.Store;

/// <summary>Builds the EF Core options every part of the product uses for the store.</summary>
public static class AuditStoreOptions
{
    /// <summary>EF Core on <paramref name="source"/>, so EF and raw Npgsql of one role share one pool.</summary>
    public static void Configure(DbContextOptionsBuilder builder, NpgsqlDataSource source) =>
        builder.UseNpgsql(source, npgsql => npgsql.MigrationsHistoryTable("__migrations", "audit"))
            // The schema is SQL-first, so there is no model snapshot to compare against.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    /// <summary>A context on <paramref name="source"/>; disposing the context leaves the source open.</summary>
    public static AuditDbContext CreateContext(NpgsqlDataSource source)
    {
        var builder = new DbContextOptionsBuilder<AuditDbContext>();
        Configure(builder, source);
        return new AuditDbContext(builder.Options);
    }

    /// <summary>Applies every pending migration and creates the next twelve months' partitions; must run as the owner role.</summary>
    public static async Task MigrateAsync(string ownerConnectionString, CancellationToken ct = default) =>
        await MigrateAsync(ownerConnectionString, null, ct);

    /// <summary>
    /// Migrates, then — given a superuser connection — declares the word-search functions
    /// leakproof so searches can use their index under row-level security (Store/Sql/search_leakproof.sql)
    /// and installs the event triggers that keep the audit tables append-only for the owner too
    /// (Store/Sql/append_only_guard.sql).
    /// </summary>
    public static async Task MigrateAsync(string ownerConnectionString, string? superuserConnectionString, CancellationToken ct = default)
    {
        await using var owner = AuditDataSources.Create(DatabaseRole.Owner, ownerConnectionString);
        await MigrateAsync(owner, superuserConnectionString, ct);
    }

    /// <summary>The same on the owner's data source (the caller's one pool for the owner role).</summary>
    public static async Task MigrateAsync(NpgsqlDataSource owner, string? superuserConnectionString, CancellationToken ct = default)
    {
        await using var db = CreateContext(owner);
        await db.Database.MigrateAsync(ct);
        // A rolling window: the coming months always have their partition before events arrive.
        await db.Database.ExecuteSqlAsync($"select audit.ensure_partitions(current_date, (current_date + interval '12 months')::date)", ct);
        if (superuserConnectionString is not null)
        {
            await using var super = new NpgsqlConnection(superuserConnectionString);
            await super.OpenAsync(ct);
            await using var leakproof = new NpgsqlCommand(SqlScriptMigration.ReadScript("search_leakproof.sql"), super);
            await leakproof.ExecuteNonQueryAsync(ct);
            await using var guard = new NpgsqlCommand(SqlScriptMigration.ReadScript("append_only_guard.sql"), super);
            await guard.ExecuteNonQueryAsync(ct);
        }
        // Pooled sessions may hold plans and types from before the migration.
        owner.Clear();
        NpgsqlConnection.ClearAllPools();
    }
}
