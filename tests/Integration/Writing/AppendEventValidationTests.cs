using AuditExplorer.Data.Writing;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Writing;

[Collection(StoreCollection.Name)]
public sealed class AppendEventValidationTests(PostgresFixture db)
{
    [Fact]
    public async Task Unknown_tenant_is_rejected_with_AE001()
    {
        var ex = await RejectAsync(Draft("no-such-tenant"));
        Assert.Equal("AE001", ex.SqlState);
        Assert.Equal("unknown tenant \"no-such-tenant\"", ex.DatabaseMessage);
        Assert.NotNull(ex.Hint);
    }

    [Theory]
    [InlineData("Contract.Publish")]
    [InlineData("publish")]
    [InlineData("contract publish")]
    [InlineData("contract.")]
    public async Task Action_that_is_not_entity_dot_verb_is_rejected_with_AE002(string action)
    {
        var ex = await RejectAsync(Draft(await db.CreateTenantAsync()) with { Action = action });
        Assert.Equal("AE002", ex.SqlState);
        Assert.Equal($"action \"{action}\" must look like entity.verb (lower case, e.g. contract.publish)", ex.DatabaseMessage);
    }

    [Theory]
    [InlineData("[1, 2]", null, null)]
    [InlineData(null, "\"text\"", null)]
    [InlineData(null, null, "42")]
    public async Task Values_or_context_that_are_not_JSON_objects_are_rejected_with_AE003(string? oldValues, string? newValues, string? context)
    {
        var ex = await RejectAsync(Draft(await db.CreateTenantAsync()) with { OldValues = oldValues, NewValues = newValues, Context = context });
        Assert.Equal("AE003", ex.SqlState);
        Assert.Equal("old values, new values and context must be JSON objects", ex.DatabaseMessage);
    }

    [Fact]
    public async Task Values_over_two_MiB_are_rejected_with_AE004()
    {
        var fiveMegabytes = "{\"body\":\"" + new string('x', 5 * 1024 * 1024) + "\"}";
        var ex = await RejectAsync(Draft(await db.CreateTenantAsync()) with { NewValues = fiveMegabytes });
        Assert.Equal("AE004", ex.SqlState);
        Assert.Equal("old or new values exceed 2 MiB; store large documents elsewhere and audit a reference", ex.DatabaseMessage);
    }

    [Fact]
    public async Task Unknown_actor_kind_is_rejected_with_AE005()
    {
        var ex = await RejectAsync(Draft(await db.CreateTenantAsync()) with { ActorKind = "robot" });
        Assert.Equal("AE005", ex.SqlState);
        Assert.Equal("actor kind \"robot\" must be one of user, service, api-key, system", ex.DatabaseMessage);
    }

    [Fact]
    public async Task Unknown_change_kind_is_rejected_with_AE005()
    {
        var ex = await RejectAsync(Draft(await db.CreateTenantAsync()) with { ChangeKind = "publish" });
        Assert.Equal("AE005", ex.SqlState);
        Assert.Equal("change kind \"publish\" must be one of create, update, delete, access, other", ex.DatabaseMessage);
    }

    [Fact]
    public async Task Missing_actor_id_is_rejected_with_AE006()
    {
        var ex = await RejectAsync(Draft(await db.CreateTenantAsync()) with { ActorId = "" });
        Assert.Equal("AE006", ex.SqlState);
        Assert.Equal("actor id is required (1 to 200 characters)", ex.DatabaseMessage);
    }

    [Fact]
    public async Task Time_in_the_future_is_rejected_with_AE007()
    {
        var ex = await RejectAsync(Draft(await db.CreateTenantAsync()) with { OccurredAt = DateTimeOffset.UtcNow.AddHours(1) });
        Assert.Equal("AE007", ex.SqlState);
        Assert.Matches("^occurred_at .+ lies in the future$", ex.DatabaseMessage);
    }

    [Fact]
    public async Task Transaction_scoped_to_one_tenant_cannot_append_to_another_with_AE008()
    {
        var scoped = await db.CreateTenantAsync();
        var other = await db.CreateTenantAsync();
        await using var conn = new NpgsqlConnection(db.Writer);
        var ex = await Assert.ThrowsAsync<AuditWriteException>(() => AuditedTransaction.RunAsync(conn, async (audit, ct) =>
        {
            await using (var scope = new NpgsqlCommand("select set_config('app.tenant_id', $1, true)", audit.Connection, audit.Transaction))
            {
                scope.Parameters.AddWithValue(scoped);
                await scope.ExecuteScalarAsync(ct);
            }
            await audit.AppendAsync(Draft(other), ct);
        }, CancellationToken.None));
        Assert.Equal("AE008", ex.SqlState);
        Assert.Equal($"this transaction is scoped to tenant \"{scoped}\" and cannot append to tenant \"{other}\"", ex.DatabaseMessage);
    }

    [Fact]
    public async Task Valid_event_is_stored_with_the_database_clock_and_a_version_7_id()
    {
        var tenant = await db.CreateTenantAsync();
        await using var conn = new NpgsqlConnection(db.Writer);
        var id = await AuditedTransaction.RunAsync(conn, (audit, ct) => audit.AppendAsync(Draft(tenant), ct), CancellationToken.None);
        Assert.Equal(7, id.Version);
        Assert.Equal(1, await BusinessTable.EventCountAsync(db, tenant, "contract-1"));
    }

    private async Task<AuditWriteException> RejectAsync(AuditEventDraft draft)
    {
        await using var conn = new NpgsqlConnection(db.Writer);
        var ex = await Assert.ThrowsAsync<AuditWriteException>(() =>
            AuditedTransaction.RunAsync(conn, (audit, ct) => audit.AppendAsync(draft, ct), CancellationToken.None));
        Assert.Equal(0, await BusinessTable.EventCountAsync(db, draft.TenantId, draft.EntityId));
        return ex;
    }

    private static AuditEventDraft Draft(string tenant) =>
        new(tenant, "u-0001", "user", "contract.publish", "update", "contract", "contract-1")
        {
            OldValues = """{"status":"approved"}""",
            NewValues = """{"status":"published"}""",
            Context = """{"request_id":"req_1","correlation_id":"cor_1"}""",
        };
}
