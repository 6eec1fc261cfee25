using Npgsql;

namespace AuditExplorer.Tests.Integration.Store;

/// <summary>
/// Every key and index of a tenant table starts with tenant_id, so the store can be distributed
/// by tenant (Citus) and no lookup ever crosses tenants by accident (docs/scaling.md).
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class TenantLeadingKeysTests(PostgresFixture db)
{
    // Indexes of every table (partitions included) in the product's schemas whose table has a
    // tenant_id column, with their first key column (expressions have none: attnum 0).
    private const string IndexesSql = """
        select n.nspname || '.' || t.relname, i.relname, coalesce(a.attname, '(expression)')
        from pg_index x
        join pg_class i on i.oid = x.indexrelid
        join pg_class t on t.oid = x.indrelid
        join pg_namespace n on n.oid = t.relnamespace
        left join pg_attribute a on a.attrelid = t.oid and a.attnum = x.indkey[0]
        where n.nspname in ('audit', 'web')
          and exists (select 1 from pg_attribute c where c.attrelid = t.oid and c.attname = 'tenant_id' and not c.attisdropped)
        order by 1, 2
        """;

    [Fact]
    public async Task Every_key_and_index_of_a_tenant_table_leads_with_tenant_id()
    {
        var indexes = await IndexesAsync();

        Assert.Contains(indexes, i => i.Table == "audit.events" && i.Index == "events_pkey");
        Assert.True(indexes.Count >= 10, $"only {indexes.Count} indexes found: the query no longer sees the store");
        var offenders = indexes.Where(i => i.FirstColumn != "tenant_id").Select(i => $"{i.Table}.{i.Index} leads with {i.FirstColumn}").ToList();
        Assert.True(offenders.Count == 0, string.Join("\n", offenders));
    }

    [Fact]
    public async Task The_check_names_an_index_that_does_not_lead_with_tenant_id()
    {
        // The same query must catch a bad index; created in a transaction that rolls back.
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var create = new NpgsqlCommand("create index checkpoints_by_root_ix on audit.checkpoints (root_hash, tenant_id)", conn, tx))
            await create.ExecuteNonQueryAsync();
        var indexes = await IndexesAsync(conn, tx);
        await tx.RollbackAsync();

        Assert.Contains(indexes, i => i.Index == "checkpoints_by_root_ix" && i.FirstColumn == "root_hash");
    }

    private async Task<List<(string Table, string Index, string FirstColumn)>> IndexesAsync()
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        return await IndexesAsync(conn, null);
    }

    private static async Task<List<(string Table, string Index, string FirstColumn)>> IndexesAsync(NpgsqlConnection conn, NpgsqlTransaction? tx)
    {
        await using var cmd = new NpgsqlCommand(IndexesSql, conn, tx);
        await using var r = await cmd.ExecuteReaderAsync();
        var list = new List<(string, string, string)>();
        while (await r.ReadAsync()) list.Add((r.GetString(0), r.GetString(1), r.GetString(2)));
        return list;
    }
}
