using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace AuditExplorer.Data.Store;

/// <summary>Builds the EF Core options every part of the product uses for the store.</summary>
public static class AuditStoreOptions
{
    public static void Configure(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(connectionString, npgsql => npgsql.MigrationsHistoryTable("__migrations", "audit"))
            // The schema is SQL-first, so there is no model snapshot to compare against.
            .ConfigureWarnings(w => w.Ignore(RelationalEventId.PendingModelChangesWarning));

    public static AuditDbContext CreateContext(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<AuditDbContext>();
        Configure(builder, connectionString);
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
        await using var db = CreateContext(ownerConnectionString);
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
        NpgsqlConnection.ClearAllPools();
    }
}
