using AuditExplorer.Data.Retention;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Retention;

[Collection(StoreCollection.Name)]
public sealed class PartitionSchemeTests(PostgresFixture db)
{
    private const string LatestPage =
        "explain (costs off) select id from audit.events where tenant_id = 'acme' order by occurred_at desc, id desc limit 50";

    [Fact]
    public async Task Without_a_default_partition_the_latest_page_reads_months_in_order()
    {
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // Index plans only, so the test sees the plan shape and not a choice made on empty tables.
        await new NpgsqlCommand("set local enable_seqscan = off; set local enable_bitmapscan = off", conn, tx).ExecuteNonQueryAsync();

        var ordered = await PlanAsync(conn, tx);
        await new NpgsqlCommand("create table audit.events_probe_default partition of audit.events default", conn, tx).ExecuteNonQueryAsync();
        var withDefault = await PlanAsync(conn, tx);
        await tx.RollbackAsync();

        Assert.StartsWith("Limit\n  ->  Append", ordered);
        Assert.DoesNotContain("Sort", ordered);
        Assert.Contains("Merge Append", withDefault);
    }

    [Fact]
    public async Task A_tenant_with_its_own_period_gets_its_own_partition_in_every_coming_month()
    {
        var tenant = await db.CreateTenantAsync("ret");
        var inTwoMonths = DateTimeOffset.UtcNow.AddMonths(2);
        var own = RetentionTestbed.PartitionOf(tenant, inTwoMonths);
        var before = await RetentionTestbed.ScalarAsync<bool>(db.Owner, "select to_regclass('audit.' || $1) is not null", own);

        await new RetentionSettings(db.OwnerSource).SetPeriodAsync(tenant, 36, null, "three years", new RetentionActor("ops", "system"));
        await RetentionTestbed.ExecAsync(db.Owner, "select audit.ensure_partitions(current_date, (current_date + interval '12 months')::date)");

        Assert.False(before);
        Assert.True(await RetentionTestbed.ScalarAsync<bool>(db.Owner, "select to_regclass('audit.' || $1) is not null", own));
    }

    private static async Task<string> PlanAsync(NpgsqlConnection conn, NpgsqlTransaction tx)
    {
        await using var cmd = new NpgsqlCommand(LatestPage, conn, tx);
        await using var reader = await cmd.ExecuteReaderAsync();
        var lines = new List<string>();
        while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
        return string.Join("\n", lines);
    }
}
