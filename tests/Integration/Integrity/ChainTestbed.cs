using System.Text.RegularExpressions;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;
using Npgsql;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>Appends, seals, signs, verifies and tampers with one database the way the product and an attacker would.</summary>
internal sealed class ChainTestbed(PostgresFixture db)
{
    private CheckpointKeys? _keys;

    public CheckpointSigningKey Key { get; } = CheckpointSigningKey.Generate("auditexplorer.test");

    /// <summary>The signer's own record, a real file outside the database, as a deployed signer keeps it next to its key.</summary>
    public string SignedRecordPath { get; } = Path.Combine(Directory.CreateTempSubdirectory("ae-signer-").FullName, "checkpoint.pem.signed.log");

    public CheckpointKeys Keys => _keys ??= new(Key, Keyring, new SignedCheckpointFile(SignedRecordPath));
    public CheckpointKeyring Keyring => new([Key.VerifierKey]);
    public EventSealer Sealer { get; } = new(db.SealerSource);

    /// <summary>Appends <paramref name="count"/> events through the write contract in one transaction.</summary>
    public async Task AppendAsync(string tenant, int count)
    {
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            select audit.append_event($1, 'u' || (i % 5), 'user', 'contract.update', 'update', 'contract', (i % 7)::text,
                   jsonb_build_object('amount', i - 1, 'rate', 1.5),
                   jsonb_build_object('amount', i, 'note', E'Büro "Nord"\n' || i, 'tags', jsonb_build_array('a', i)),
                   jsonb_build_object('request_id', 'r' || i))
            from generate_series(1, $2) as i
            """, conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(count);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Appends <paramref name="count"/> events (not sealed) at moments between the tenant's first and last sealed event.</summary>
    public async Task AppendBetweenSealedMomentsAsync(string tenant, int count)
    {
        var first = await ScalarAsync<DateTime>(db.Owner, "select min(occurred_at) from audit.seals where tenant_id = $1", tenant);
        var last = await ScalarAsync<DateTime>(db.Owner, "select max(occurred_at) from audit.seals where tenant_id = $1", tenant);
        await using var conn = new NpgsqlConnection(db.Writer);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            """
            select audit.append_event($1, 'late', 'user', 'contract.update', 'update', 'contract', 'late-' || i, null,
                   jsonb_build_object('amount', i), '{}'::jsonb, $3 + (($4 - $3) * i / ($2 + 1)))
            from generate_series(1, $2) as i
            """, conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(count);
        cmd.Parameters.AddWithValue(first);
        cmd.Parameters.AddWithValue(last);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<long> AppendAndSealAsync(string tenant, int count)
    {
        await AppendAsync(tenant, count);
        await Sealer.SealPendingAsync(tenant);
        return await ChainLengthAsync(tenant);
    }

    public Task<CheckpointIssueResult> CheckpointAsync(string tenant) => new CheckpointIssuer(db.SealerSource, Keys).IssueAsync(tenant);

    public Task<VerificationReport> VerifyAsync(string tenant, VerificationMode mode = VerificationMode.Full, CheckpointKeyring? keyring = null) =>
        new ChainVerifier(db.ReaderSource, keyring ?? Keyring).VerifyAsync(tenant, mode, new VerificationActor("officer-1", "user"));

    /// <summary>Verifies against the signer's record read from its file, as <c>verify-chain --checkpoints file</c> does.</summary>
    public async Task<VerificationReport> VerifyWithSignerRecordAsync(string tenant, VerificationMode mode = VerificationMode.Full) =>
        await new ChainVerifier(db.ReaderSource, Keyring).VerifyAsync(tenant, mode, new VerificationActor("officer-1", "user"),
            SignedCheckpointFile.Parse(await File.ReadAllTextAsync(SignedRecordPath)));

    /// <summary>
    /// As the superuser without the key: removes every event and seal after <paramref name="keepSeq"/>, the
    /// Merkle nodes over them and the checkpoints beyond, leaving a shorter chain that hashes correctly. The
    /// sealer's heads are reset to the shorter chain as well (otherwise the next back links would point past
    /// its end and sealing would stop), so what the sealer appends afterwards hashes correctly too.
    /// </summary>
    public Task RollBackAsync(string tenant, long keepSeq) =>
        TamperAsync(
            """
            delete from audit.events e using audit.seals s where e.tenant_id = $1 and s.tenant_id = $1 and s.event_id = e.id and s.seq > $2;
            delete from audit.seals where tenant_id = $1 and seq > $2;
            delete from audit.events e using audit.seal_queue q where e.tenant_id = $1 and q.tenant_id = $1 and q.event_id = e.id;
            delete from audit.seal_queue where tenant_id = $1;
            delete from audit.merkle_nodes where tenant_id = $1 and (idx + 1) * (1::bigint << level) > $2;
            delete from audit.checkpoints where tenant_id = $1 and tree_size > $2;
            delete from audit.verifications where tenant_id = $1;
            delete from audit.record_heads where tenant_id = $1;
            delete from audit.actor_heads where tenant_id = $1;
            insert into audit.record_heads (tenant_id, entity_type, entity_id, last_seq)
            select s.tenant_id, e.entity_type, e.entity_id, max(s.seq) from audit.seals s
            join audit.events e on e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id
            where s.tenant_id = $1 and e.change_kind <> 'access' group by s.tenant_id, e.entity_type, e.entity_id;
            insert into audit.actor_heads (tenant_id, actor_id, last_seq)
            select s.tenant_id, e.actor_id, max(s.seq) from audit.seals s
            join audit.events e on e.tenant_id = s.tenant_id and e.occurred_at = s.occurred_at and e.id = s.event_id
            where s.tenant_id = $1 and e.change_kind <> 'access' group by s.tenant_id, e.actor_id
            """, tenant, keepSeq);

    public async Task<long> ChainLengthAsync(string tenant) =>
        await ScalarAsync<long>(db.Owner, "select coalesce(max(seq), 0) from audit.seals where tenant_id = $1", tenant);

    public async Task<Guid> EventAtAsync(string tenant, long seq) =>
        await ScalarAsync<Guid>(db.Owner, "select event_id from audit.seals where tenant_id = $1 and seq = $2", tenant, seq);

    /// <summary>The hash format and back links stored with the seal at <paramref name="seq"/>.</summary>
    public async Task<EventLinks> LinksAtAsync(string tenant, long seq)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(
            $"select {SealLinkColumns.SelectList} from audit.seals s where s.tenant_id = $1 and s.seq = $2", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(seq);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return SealLinkColumns.Read(reader, 0);
    }

    public async Task<byte[]> HashAtAsync(string tenant, long seq) =>
        await ScalarAsync<byte[]>(db.Owner, "select hash from audit.seals where tenant_id = $1 and seq = $2", tenant, seq);

    /// <summary>Runs statements as the superuser with user triggers off, as an attacker with database access would.</summary>
    public async Task TamperAsync(string sql, params object[] parameters)
    {
        await using var conn = new NpgsqlConnection(db.SuperUser);
        await conn.OpenAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await new NpgsqlCommand("set local session_replication_role = replica", conn).ExecuteNonQueryAsync();
        foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Each statement gets the parameters up to the highest $n it uses.
            var used = Regex.Matches(statement, @"\$(\d+)").Select(m => int.Parse(m.Groups[1].Value)).DefaultIfEmpty(0).Max();
            await using var cmd = new NpgsqlCommand(statement, conn);
            foreach (var p in parameters.Take(used)) cmd.Parameters.AddWithValue(p);
            await cmd.ExecuteNonQueryAsync();
        }
        await tx.CommitAsync();
    }

    /// <summary>Reads an event the way the sealer does.</summary>
    public async Task<AuditEvent> ReadEventAsync(string tenant, Guid id)
    {
        await using var conn = new NpgsqlConnection(db.Owner);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand($"select {StoredEventColumns.SelectList} from audit.events e where e.tenant_id = $1 and e.id = $2", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(id);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return StoredEventColumns.Read(reader, 0, tenant)!;
    }

    public static async Task<T> ScalarAsync<T>(string connection, string sql, params object[] parameters)
    {
        await using var conn = new NpgsqlConnection(connection);
        await conn.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters) cmd.Parameters.AddWithValue(p);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }
}
