using Npgsql;
using NpgsqlTypes;

namespace AuditExplorer.Data.Sessions;

/// <summary>
/// Server-side sign-in sessions in <c>web.sessions</c>: an opaque ticket per random key. A session
/// is refused once it was idle for <see cref="SessionLifetimes.Idle"/> or is older than
/// <see cref="SessionLifetimes.Absolute"/>, whatever the browser's cookie says; deleting the row
/// ends it everywhere. Connects as the web app's reader role.
/// </summary>
public sealed class SessionStore(NpgsqlDataSource dataSource, SessionLifetimes lifetimes, TimeProvider? clock = null)
{
    private readonly SessionLifetimes _lifetimes = lifetimes.Validated();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    /// <summary>The lifetimes this store enforces.</summary>
    public SessionLifetimes Lifetimes => _lifetimes;

    /// <summary>Stores a new session under a fresh random key and returns the key; the key itself is never stored.</summary>
    public async Task<string> CreateAsync(byte[] ticket, CancellationToken ct)
    {
        var key = SessionKey.New();
        await CreateAsync(key, ticket, ct);
        return key;
    }

    /// <summary>Stores a new session under a key from <see cref="SessionKey.New"/> (for callers that put the key's hash into the ticket).</summary>
    public async Task CreateAsync(string key, byte[] ticket, CancellationToken ct)
    {
        var hash = SessionKey.HashOf(key) ?? throw new ArgumentException("Not a session key; use SessionKey.New().", nameof(key));
        var now = _clock.GetUtcNow();
        await using var conn = await OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            """
            insert into web.sessions (key_hash, ticket, created_at, last_seen_at, idle_expires_at, absolute_expires_at)
            values ($1, $2, $3, $3, $4, $5)
            """, conn);
        cmd.Parameters.AddWithValue(hash);
        cmd.Parameters.AddWithValue(ticket);
        cmd.Parameters.AddWithValue(now);
        cmd.Parameters.AddWithValue(now + _lifetimes.Idle);
        cmd.Parameters.AddWithValue(now + _lifetimes.Absolute);
        await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>
    /// Returns the ticket of a live session and counts this as use (the idle expiry moves on, never
    /// past the absolute one); null for an unknown, signed-out or expired session.
    /// </summary>
    public async Task<byte[]?> ReadAsync(string key, CancellationToken ct)
    {
        if (SessionKey.HashOf(key) is not { } hash) return null;
        await using var conn = await OpenAsync(ct);
        await using var cmd = Touch(conn, hash, returnTicket: true);
        return await cmd.ExecuteScalarAsync(ct) as byte[];
    }

    /// <summary>Replaces the ticket of a live session and extends its idle expiry; false when the session is gone or expired (it is never revived).</summary>
    public async Task<bool> RenewAsync(string key, byte[] ticket, CancellationToken ct)
    {
        if (SessionKey.HashOf(key) is not { } hash) return false;
        await using var conn = await OpenAsync(ct);
        await using var cmd = Touch(conn, hash, returnTicket: false, ticket);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>
    /// Whether the session with this key hash is still live, without counting as use: an open page
    /// asks this now and then, so a session signed out or expired elsewhere stops serving it.
    /// </summary>
    public async Task<bool> IsLiveAsync(byte[] keyHash, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "select exists (select from web.sessions where key_hash = $1 and idle_expires_at > $2 and absolute_expires_at > $2)", conn);
        cmd.Parameters.AddWithValue(keyHash);
        cmd.Parameters.AddWithValue(_clock.GetUtcNow());
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    /// <summary>Counts activity on an open page as use of its session (extends the idle expiry); false when the session is gone or expired.</summary>
    public async Task<bool> TouchAsync(byte[] keyHash, CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        await using var cmd = Touch(conn, keyHash, returnTicket: false);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Ends a session (sign-out); false when there was none.</summary>
    public async Task<bool> DeleteAsync(string key, CancellationToken ct)
    {
        if (SessionKey.HashOf(key) is not { } hash) return false;
        await using var conn = await OpenAsync(ct);
        await using var cmd = new NpgsqlCommand("delete from web.sessions where key_hash = $1", conn);
        cmd.Parameters.AddWithValue(hash);
        return await cmd.ExecuteNonQueryAsync(ct) == 1;
    }

    /// <summary>Deletes every expired session (they are refused anyway; this keeps the table small). Returns how many.</summary>
    public async Task<int> PurgeExpiredAsync(CancellationToken ct)
    {
        await using var conn = await OpenAsync(ct);
        // idle_expires_at never exceeds absolute_expires_at (table check), so one indexed column decides.
        await using var cmd = new NpgsqlCommand("delete from web.sessions where idle_expires_at <= $1", conn);
        cmd.Parameters.AddWithValue(_clock.GetUtcNow());
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    private const string TouchSql =
        """
        update web.sessions
           set last_seen_at = $2,
               idle_expires_at = least($2 + $3, absolute_expires_at),
               ticket = coalesce($4, ticket)
         where key_hash = $1 and idle_expires_at > $2 and absolute_expires_at > $2
        """;

    // One statement checks liveness and records the use, so two instances never disagree in between.
    private NpgsqlCommand Touch(NpgsqlConnection conn, byte[] hash, bool returnTicket, byte[]? ticket = null)
    {
        var cmd = new NpgsqlCommand(returnTicket ? TouchSql + " returning ticket" : TouchSql, conn);
        cmd.Parameters.AddWithValue(hash);
        cmd.Parameters.AddWithValue(_clock.GetUtcNow());
        cmd.Parameters.AddWithValue(_lifetimes.Idle);
        cmd.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bytea, Value = (object?)ticket ?? DBNull.Value });
        return cmd;
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct) =>
        await dataSource.OpenConnectionAsync(ct);
}
