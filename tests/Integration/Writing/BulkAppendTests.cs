using AuditExplorer.Data.Writing;
using AuditExplorer.Tests.Integration.Store;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Writing;

[Collection(StoreCollection.Name)]
public sealed class BulkAppendTests(PostgresFixture db)
{
    [Fact]
    public async Task An_import_of_many_records_is_audited_with_one_call_inside_its_transaction()
    {
        var tenant = await db.CreateTenantAsync();
        var drafts = Enumerable.Range(1, 2_000).Select(i => Draft(tenant, $"c-{i}")).ToList();
        await using var conn = new NpgsqlConnection(db.Writer);

        var ids = await AuditedTransaction.RunAsync(conn, (audit, ct) => audit.AppendManyAsync(drafts, ct), CancellationToken.None);

        Assert.Equal(2_000, ids.Count);
        Assert.Equal(2_000, ids.Distinct().Count());
        Assert.All(ids, id => Assert.Equal(7, id.Version));
        Assert.Equal(2_000L, await CountAsync(tenant));
        // Stored in the order given: the ids the call returns match the entities, element by element.
        Assert.Equal("c-1", await EntityOfAsync(tenant, ids[0]));
        Assert.Equal("c-2000", await EntityOfAsync(tenant, ids[^1]));
    }

    [Fact]
    public async Task Values_given_by_the_writer_are_kept_as_given()
    {
        var tenant = await db.CreateTenantAsync();
        var id = Guid.CreateVersion7();
        var at = new DateTimeOffset(2026, 11, 30, 8, 15, 0, 123_456 / 1000, TimeSpan.Zero).AddTicks(4560);
        var draft = Draft(tenant, "c-1") with { Id = id, OccurredAt = at, SchemaVersion = 3, OldValues = """{"n": 1e400}""" };
        await using var conn = new NpgsqlConnection(db.Writer);

        var ids = await AuditedTransaction.RunAsync(conn, (audit, ct) => audit.AppendManyAsync([draft], ct), CancellationToken.None);

        Assert.Equal([id], ids);
        await using var owner = new NpgsqlConnection(db.Owner);
        await owner.OpenAsync();
        await using var cmd = new NpgsqlCommand("select occurred_at, schema_version, (old_values->'n')::text, new_values::text, context->>'request_id' from audit.events where tenant_id = $1 and id = $2", owner);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        await using var r = await cmd.ExecuteReaderAsync();
        Assert.True(await r.ReadAsync());
        Assert.Equal(at.UtcDateTime, r.GetDateTime(0));
        Assert.Equal(3, r.GetInt32(1));
        Assert.Equal("1" + new string('0', 400), r.GetString(2));
        Assert.Equal("""{"status": "published"}""", r.GetString(3));
        Assert.Equal("req_c-1", r.GetString(4));
    }

    [Fact]
    public async Task A_refused_element_is_named_by_its_index_with_its_own_code_and_nothing_is_appended()
    {
        var tenant = await db.CreateTenantAsync();
        var drafts = Enumerable.Range(1, 500).Select(i => Draft(tenant, $"c-{i}")).ToList();
        drafts[321] = drafts[321] with { ChangeKind = "publish" };
        await using var conn = new NpgsqlConnection(db.Writer);

        var ex = await Assert.ThrowsAsync<AuditWriteException>(() =>
            AuditedTransaction.RunAsync(conn, (audit, ct) => audit.AppendManyAsync(drafts, ct), CancellationToken.None));

        Assert.Equal("AE005", ex.SqlState);
        Assert.Equal("event 321 of the batch: change kind \"publish\" must be one of create, update, delete, access, other", ex.DatabaseMessage);
        Assert.Equal(0L, await CountAsync(tenant));
    }

    [Fact]
    public async Task The_batch_keeps_the_writer_out_of_the_access_log_like_one_call_does()
    {
        var tenant = await db.CreateTenantAsync();
        var drafts = new[] { Draft(tenant, "c-1"), Draft(tenant, "c-2") with { Action = "audit_log.view", ChangeKind = "access" } };
        await using var conn = new NpgsqlConnection(db.Writer);

        var ex = await Assert.ThrowsAsync<AuditWriteException>(() =>
            AuditedTransaction.RunAsync(conn, (audit, ct) => audit.AppendManyAsync(drafts, ct), CancellationToken.None));

        Assert.Equal("AE011", ex.SqlState);
        Assert.StartsWith("event 1 of the batch: action \"audit_log.view\" belongs to the access log", ex.DatabaseMessage);
        Assert.Equal(0L, await CountAsync(tenant));
    }

    [Theory]
    [InlineData("""{"tenant_id": "x"}""", "audit.append_events takes a JSON array of event objects")]
    [InlineData("""[42]""", "event 0 of the batch: is not a JSON object")]
    [InlineData("""[{"tenant": "acme"}]""", "event 0 of the batch: has unknown member \"tenant\"")]
    public async Task Input_that_is_not_an_array_of_known_event_objects_is_refused_with_AE030(string batch, string message)
    {
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select audit.append_events($1::jsonb)", conn);
        cmd.Parameters.AddWithValue(batch);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => cmd.ExecuteScalarAsync());
        Assert.Equal("AE030", ex.SqlState);
        Assert.StartsWith(message, ex.MessageText);
    }

    [Fact]
    public async Task Only_writers_may_call_the_bulk_append()
    {
        var tenant = await db.CreateTenantAsync();
        var batch = $$"""[{"tenant_id": "{{tenant}}", "actor_id": "u-1", "actor_kind": "user", "action": "contract.create", "change_kind": "create", "entity_type": "contract", "entity_id": "c-1"}]""";
        await using var reader = new NpgsqlConnection(db.Reader);
        await reader.OpenAsync();
        await using var refused = new NpgsqlCommand("select audit.append_events($1::jsonb)", reader);
        refused.Parameters.AddWithValue(batch);
        var ex = await Assert.ThrowsAsync<PostgresException>(() => refused.ExecuteScalarAsync());
        Assert.Equal("42501", ex.SqlState);

        await using var writer = new NpgsqlConnection(db.Writer);
        await writer.OpenAsync();
        await using var allowed = new NpgsqlCommand("select cardinality(audit.append_events($1::jsonb))", writer);
        allowed.Parameters.AddWithValue(batch);
        Assert.Equal(1, await allowed.ExecuteScalarAsync());
    }

    [Fact]
    public async Task A_draft_whose_values_are_not_JSON_is_refused_before_anything_is_sent()
    {
        var tenant = await db.CreateTenantAsync();
        var drafts = new[] { Draft(tenant, "c-1"), Draft(tenant, "c-2") with { NewValues = "{not json" } };
        await using var conn = new NpgsqlConnection(db.Writer);

        var ex = await Assert.ThrowsAsync<AuditWriteException>(() =>
            AuditedTransaction.RunAsync(conn, (audit, ct) => audit.AppendManyAsync(drafts, ct), CancellationToken.None));

        Assert.Equal("AE003", ex.SqlState);
        Assert.StartsWith("event 1 of the batch: new_values is not well-formed JSON", ex.DatabaseMessage);
        Assert.Equal(0L, await CountAsync(tenant));
    }

    [Fact]
    public async Task Personal_values_of_a_batch_leave_the_stored_documents_like_those_of_one_call()
    {
        var tenant = await db.CreateTenantAsync();
        await using (var owner = new NpgsqlConnection(db.Owner))
        {
            await owner.OpenAsync();
            await using var paths = new NpgsqlCommand(
                "insert into audit.personal_data_paths (tenant_id, path, subject_path) values ($1, '$.customer.email', '$.customer.id')", owner);
            paths.Parameters.AddWithValue(tenant);
            await paths.ExecuteNonQueryAsync();
        }
        var drafts = Enumerable.Range(1, 3).Select(i => Draft(tenant, $"c-{i}") with
        {
            NewValues = $$$"""{"customer": {"id": "cus-{{{i}}}", "email": "buyer{{{i}}}@example.test"}}""",
        }).ToList();
        await using var conn = new NpgsqlConnection(db.Writer);

        var ids = await AuditedTransaction.RunAsync(conn, (audit, ct) => audit.AppendManyAsync(drafts, ct), CancellationToken.None);

        Assert.Equal(3, ids.Count);
        await using var check = new NpgsqlConnection(db.SuperUser);
        await check.OpenAsync();
        await using var cmd = new NpgsqlCommand("select string_agg(new_values::text, ' ') from audit.events where tenant_id = $1", check);
        cmd.Parameters.AddWithValue(tenant);
        var stored = (string)(await cmd.ExecuteScalarAsync())!;
        Assert.DoesNotContain("@example.test", stored);
        Assert.Contains("\"$personal\"", stored);
    }

    [Fact]
    public async Task A_valid_batch_is_written_as_one_set_and_only_a_tenant_with_personal_paths_goes_element_by_element()
    {
        var plain = await db.CreateTenantAsync();
        var personal = await db.CreateTenantAsync();
        await RoleSql.RunAsync(db.Owner, null,
            $"insert into audit.personal_data_paths (tenant_id, path, subject_path) values ('{personal}', '$.customer.email', '$.customer.id')");

        // The set path is the fast one (docs/benchmarks.md, ingest): a valid batch must never fall back to the element path.
        Assert.Equal(0L, await ElementPathCallsAsync(plain));
        Assert.Equal(1L, await ElementPathCallsAsync(personal));
        Assert.Equal(3L, await CountAsync(plain));
        Assert.Equal(3L, await CountAsync(personal));
    }

    // Appends three events in one call as the writer and says how often the element path ran in that transaction.
    private async Task<long> ElementPathCallsAsync(string tenant)
    {
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await using (var setup = new NpgsqlCommand("set local track_functions = 'all'; set local role auditexplorer_writer", conn, tx))
            await setup.ExecuteNonQueryAsync();
        var batch = "[" + string.Join(",", Enumerable.Range(1, 3).Select(i =>
            $$$$"""{"tenant_id":"{{{{tenant}}}}","actor_id":"u1","actor_kind":"user","action":"order.update","change_kind":"update","entity_type":"order","entity_id":"o-{{{{i}}}}","new_values":{"customer":{"id":"c-{{{{i}}}}","email":"c{{{{i}}}}@example.test"}}}""")) + "]";
        await using (var append = new NpgsqlCommand("select audit.append_events($1::jsonb)", conn, tx))
        {
            append.Parameters.AddWithValue(batch);
            await append.ExecuteScalarAsync();
        }
        await using var calls = new NpgsqlCommand(
            "select coalesce((select calls from pg_stat_xact_user_functions where schemaname = 'audit' and funcname = 'append_events_each'), 0)", conn, tx);
        var result = (long)(await calls.ExecuteScalarAsync())!;
        await tx.CommitAsync();
        return result;
    }

    [Fact]
    public async Task A_batch_that_repeats_an_id_is_refused_naming_the_repeat()
    {
        var tenant = await db.CreateTenantAsync();
        var id = Guid.CreateVersion7();
        var at = DateTimeOffset.UtcNow.AddMinutes(-1);
        var drafts = new[] { Draft(tenant, "c-1") with { Id = id, OccurredAt = at }, Draft(tenant, "c-2"), Draft(tenant, "c-3") with { Id = id, OccurredAt = at } };
        await using var conn = new NpgsqlConnection(db.Writer);

        var ex = await Assert.ThrowsAsync<AuditWriteException>(() =>
            AuditedTransaction.RunAsync(conn, (audit, ct) => audit.AppendManyAsync(drafts, ct), CancellationToken.None));

        Assert.Equal("23505", ex.SqlState);
        Assert.StartsWith("event 2 of the batch:", ex.DatabaseMessage);
        Assert.Equal(0L, await CountAsync(tenant));
    }

    private async Task<long> CountAsync(string tenant)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select count(*) from audit.events where tenant_id = $1", conn);
        cmd.Parameters.AddWithValue(tenant);
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    private async Task<string> EntityOfAsync(string tenant, Guid id)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand("select entity_id from audit.events where tenant_id = $1 and id = $2", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        return (string)(await cmd.ExecuteScalarAsync())!;
    }

    private static AuditEventDraft Draft(string tenant, string contract) =>
        new(tenant, "u-0001", "user", "contract.import", "create", "contract", contract)
        {
            NewValues = """{"status":"published"}""",
            Context = $$"""{"request_id":"req_{{contract}}"}""",
        };
}
