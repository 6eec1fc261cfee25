using Npgsql;
using NpgsqlTypes;

namespace AuditExplorer.Data.Writing;

/// <summary>
/// Appends audit events through audit.append_event on the connection and transaction of the
/// business change. <see cref="Connection"/> and <see cref="Transaction"/> are there for the
/// business SQL itself when it does not go through EF Core.
/// </summary>
public sealed class AuditAppender
{
    private const string AppendSql =
        "select audit.append_event($1, $2, $3, $4, $5, $6, $7, $8, $9, coalesce($10, '{}'::jsonb), $11, $12, $13)";

    private const string AppendManySql = "select audit.append_events($1)";

    internal AuditAppender(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        Connection = connection;
        Transaction = transaction;
    }

    public NpgsqlConnection Connection { get; }
    public NpgsqlTransaction Transaction { get; }

    /// <summary>How many events this transaction has appended so far.</summary>
    public int Appended { get; private set; }

    /// <summary>The first append that failed; once set, the transaction can only roll back.</summary>
    internal AuditWriteException? Failure { get; private set; }

    /// <summary>Appends one event; returns its id. Throws <see cref="AuditWriteException"/> when the database refuses it.</summary>
    public async Task<Guid> AppendAsync(AuditEventDraft draft, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Failure is not null) throw Failure;
        await using var cmd = new NpgsqlCommand(AppendSql, Connection, Transaction);
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draft.TenantId, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draft.ActorId, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draft.ActorKind, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draft.Action, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draft.ChangeKind, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draft.EntityType, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter<string> { TypedValue = draft.EntityId, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(Nullable(draft.OldValues, NpgsqlDbType.Jsonb));
        cmd.Parameters.Add(Nullable(draft.NewValues, NpgsqlDbType.Jsonb));
        cmd.Parameters.Add(Nullable(draft.Context, NpgsqlDbType.Jsonb));
        cmd.Parameters.Add(Nullable(draft.OccurredAt?.ToUniversalTime(), NpgsqlDbType.TimestampTz));
        cmd.Parameters.Add(Nullable(draft.Id, NpgsqlDbType.Uuid));
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = draft.SchemaVersion, NpgsqlDbType = NpgsqlDbType.Integer });
        var id = (Guid)(await ExecuteAsync(cmd, ct))!;
        Appended++;
        return id;
    }

    /// <summary>
    /// Appends many events with one statement (audit.append_events), each checked exactly as
    /// <see cref="AppendAsync"/> would; returns their ids in order. When one is refused, none is
    /// appended and the exception names the element by its 0-based index.
    /// </summary>
    public async Task<IReadOnlyList<Guid>> AppendManyAsync(IReadOnlyList<AuditEventDraft> drafts, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        if (Failure is not null) throw Failure;
        if (drafts.Count == 0) return [];
        byte[] batch;
        try
        {
            batch = AuditEventBatchJson.Write(drafts);
        }
        catch (AuditWriteException ex)
        {
            throw Failure = ex;
        }
        await using var cmd = new NpgsqlCommand(AppendManySql, Connection, Transaction);
        // Sent as jsonb text bytes: one parameter, one round trip, whatever the batch size.
        cmd.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = batch, NpgsqlDbType = NpgsqlDbType.Jsonb });
        var ids = (Guid[])(await ExecuteAsync(cmd, ct))!;
        Appended += ids.Length;
        return ids;
    }

    private async Task<object?> ExecuteAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        try
        {
            return await cmd.ExecuteScalarAsync(ct);
        }
        catch (PostgresException ex)
        {
            throw Failure = new AuditWriteException(ex.SqlState, ex.MessageText, ex.Hint, ex);
        }
        catch (NpgsqlException ex)
        {
            throw Failure = new AuditWriteException(ex.SqlState, ex.Message, null, ex);
        }
    }

    /// <summary>Refuses to commit a transaction whose audit trail is missing or incomplete.</summary>
    internal void EnsureCommittable()
    {
        if (Failure is not null) throw Failure;
        if (Appended == 0)
            throw new AuditWriteException(null, "the change appended no audit event, so it was rolled back; call AppendAsync for every change");
    }

    private static NpgsqlParameter Nullable(object? value, NpgsqlDbType type) =>
        new() { Value = value ?? DBNull.Value, NpgsqlDbType = type };
}
