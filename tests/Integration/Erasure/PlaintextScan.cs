using Npgsql;

namespace AuditExplorer.Tests.Integration.Erasure;

/// <summary>Where a text is stored: every table of the database (all schemas but the catalogs), read as the superuser.</summary>
internal static class PlaintextScan
{
    /// <summary>The tables with at least one row whose text contains <paramref name="text"/>.</summary>
    public static async Task<List<string>> TablesContainingAsync(string superUser, string text)
    {
        await using var conn = new NpgsqlConnection(superUser);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand("""
            select format('%I.%I', n.nspname, c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace
            where c.relkind in ('r', 'p', 'm') and n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast')
            """, conn))
        await using (var reader = await list.ExecuteReaderAsync())
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        // The tables personal values pass through, so a scan that missed them would not be one.
        Assert.Contains("audit.personal_values", tables);
        Assert.Contains("audit.seal_queue", tables);
        Assert.Contains("audit.event_words", tables); // the search words the sealer writes (and their partitions)
        var found = new List<string>();
        foreach (var table in tables)
        {
            await using var scan = new NpgsqlCommand($"select count(*) from {table} t where strpos(t::text, $1) > 0", conn);
            scan.Parameters.AddWithValue(text);
            if ((long)(await scan.ExecuteScalarAsync())! > 0) found.Add(table);
        }
        return found;
    }
}
