using AuditExplorer.Data.Writing;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Writing;

[Collection(StoreCollection.Name)]
public sealed class FailClosedTransactionTests(PostgresFixture db)
{
    [Fact]
    public async Task Audit_failure_leaves_no_business_row_with_EF_Core()
    {
        await BusinessTable.EnsureAsync(db);
        var tenant = await db.CreateTenantAsync();
        var contractId = NewId();
        await using var app = new ContractsDbContext(db.Writer);

        var ex = await Assert.ThrowsAsync<AuditWriteException>(() => AuditedTransaction.RunAsync(app, async (audit, ct) =>
        {
            app.Contracts.Add(new ContractRow { Id = contractId, TenantId = tenant, Title = "Supply agreement", Amount = 1200m });
            await app.SaveChangesAsync(ct);
            await audit.AppendAsync(Created(tenant, contractId) with { Action = "Bad Action" }, ct);
        }, CancellationToken.None));

        Assert.Equal("AE002", ex.SqlState);
        Assert.False(await BusinessTable.ContractExistsAsync(db, contractId));
    }

    [Fact]
    public async Task Business_failure_leaves_no_audit_row_with_EF_Core()
    {
        await BusinessTable.EnsureAsync(db);
        var tenant = await db.CreateTenantAsync();
        var contractId = NewId();

        await using var app = new ContractsDbContext(db.Writer);
        await Assert.ThrowsAsync<DbUpdateException>(() => AuditedTransaction.RunAsync(app, async (audit, ct) =>
        {
            await audit.AppendAsync(Created(tenant, contractId), ct);
            // The title is required: the business insert fails after the audit row was written.
            app.Contracts.Add(new ContractRow { Id = contractId, TenantId = tenant, Title = null!, Amount = 1m });
            await app.SaveChangesAsync(ct);
        }, CancellationToken.None));

        Assert.Equal(0, await BusinessTable.EventCountAsync(db, tenant, contractId));
        Assert.False(await BusinessTable.ContractExistsAsync(db, contractId));
    }

    [Fact]
    public async Task Business_failure_leaves_no_audit_row_with_plain_Npgsql()
    {
        await BusinessTable.EnsureAsync(db);
        var tenant = await db.CreateTenantAsync();
        var contractId = NewId();
        await InsertAuditedAsync(tenant, contractId);

        await using var conn = new NpgsqlConnection(db.Writer);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => AuditedTransaction.RunAsync(conn, async (audit, ct) =>
        {
            await audit.AppendAsync(Created(tenant, contractId) with { Action = "contract.duplicate" }, ct);
            await InsertContractAsync(audit, contractId, tenant, ct);
        }, CancellationToken.None));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, ex.SqlState);
        Assert.Equal(1, await BusinessTable.EventCountAsync(db, tenant, contractId));
    }

    [Fact]
    public async Task Audit_failure_leaves_no_business_row_with_plain_Npgsql()
    {
        await BusinessTable.EnsureAsync(db);
        var contractId = NewId();

        await using var conn = new NpgsqlConnection(db.Writer);
        var ex = await Assert.ThrowsAsync<AuditWriteException>(() => AuditedTransaction.RunAsync(conn, async (audit, ct) =>
        {
            await InsertContractAsync(audit, contractId, "no-such-tenant", ct);
            await audit.AppendAsync(Created("no-such-tenant", contractId), ct);
        }, CancellationToken.None));

        Assert.Equal("AE001", ex.SqlState);
        Assert.False(await BusinessTable.ContractExistsAsync(db, contractId));
    }

    [Fact]
    public async Task Swallowed_audit_failure_still_rolls_back_the_change()
    {
        await BusinessTable.EnsureAsync(db);
        var contractId = NewId();

        await using var conn = new NpgsqlConnection(db.Writer);
        var ex = await Assert.ThrowsAsync<AuditWriteException>(() => AuditedTransaction.RunAsync(conn, async (audit, ct) =>
        {
            await InsertContractAsync(audit, contractId, "no-such-tenant", ct);
            try { await audit.AppendAsync(Created("no-such-tenant", contractId), ct); }
            catch (AuditWriteException) { /* a careless caller ignores the failure */ }
        }, CancellationToken.None));

        Assert.Equal("AE001", ex.SqlState);
        Assert.False(await BusinessTable.ContractExistsAsync(db, contractId));
    }

    [Fact]
    public async Task Change_without_any_audit_event_is_rolled_back()
    {
        await BusinessTable.EnsureAsync(db);
        var tenant = await db.CreateTenantAsync();
        var contractId = NewId();

        await using var conn = new NpgsqlConnection(db.Writer);
        var ex = await Assert.ThrowsAsync<AuditWriteException>(() => AuditedTransaction.RunAsync(conn,
            (audit, ct) => InsertContractAsync(audit, contractId, tenant, ct), CancellationToken.None));

        Assert.Null(ex.SqlState);
        Assert.Contains("appended no audit event", ex.Message);
        Assert.False(await BusinessTable.ContractExistsAsync(db, contractId));
    }

    [Fact]
    public async Task Successful_change_commits_the_row_and_its_event_together()
    {
        await BusinessTable.EnsureAsync(db);
        var tenant = await db.CreateTenantAsync();
        var contractId = NewId();

        await using var app = new ContractsDbContext(db.Writer);
        var eventId = await AuditedTransaction.RunAsync(app, async (audit, ct) =>
        {
            app.Contracts.Add(new ContractRow { Id = contractId, TenantId = tenant, Title = "Supply agreement", Amount = 1200m });
            await app.SaveChangesAsync(ct);
            return await audit.AppendAsync(Created(tenant, contractId), ct);
        }, CancellationToken.None);

        Assert.NotEqual(Guid.Empty, eventId);
        Assert.True(await BusinessTable.ContractExistsAsync(db, contractId));
        Assert.Equal(1, await BusinessTable.EventCountAsync(db, tenant, contractId));
    }

    private async Task InsertAuditedAsync(string tenant, string contractId)
    {
        await using var conn = new NpgsqlConnection(db.Writer);
        await AuditedTransaction.RunAsync(conn, async (audit, ct) =>
        {
            await InsertContractAsync(audit, contractId, tenant, ct);
            await audit.AppendAsync(Created(tenant, contractId), ct);
        }, CancellationToken.None);
    }

    private static async Task InsertContractAsync(AuditAppender audit, string id, string tenant, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "insert into public.contracts (id, tenant_id, title, amount) values ($1, $2, 'Supply agreement', 1200)", audit.Connection, audit.Transaction);
        cmd.Parameters.AddWithValue(id);
        cmd.Parameters.AddWithValue(tenant);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    private static AuditEventDraft Created(string tenant, string contractId) =>
        new(tenant, "u-0001", "user", "contract.create", "create", "contract", contractId)
        {
            NewValues = """{"title":"Supply agreement","amount":1200}""",
        };

    private static string NewId() => "contract-" + Guid.NewGuid().ToString("N")[..12];
}
