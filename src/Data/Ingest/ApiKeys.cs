using AuditExplorer.Data.Access;
using AuditExplorer.Data.Store;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Data.Ingest;

/// <summary>
/// A tenant's ingest API keys: created, listed and revoked by an audit admin, each change recorded as
/// an access event (audit_log.api_key_create / audit_log.api_key_revoke) in the same transaction, so a
/// key can never exist or disappear without the access log saying who did it.
/// Runs as the reader role under the tenant's row-level-security scope.
/// </summary>
public sealed class ApiKeys(AuditedReads audited, NpgsqlDataSource readerSource)
{
    /// <summary>Creates a key; returns it with its secret, which is never shown again.</summary>
    /// <exception cref="ArgumentException">The label is empty or longer than 100 characters.</exception>
    public async Task<ApiKeyToken> CreateAsync(string tenantId, Viewer viewer, string label, CancellationToken ct)
    {
        label = (label ?? "").Trim();
        if (label.Length is 0 or > 100) throw new ArgumentException("Give the key a label of 1 to 100 characters (e.g. the sending system's name).", nameof(label));
        var token = ApiKeyToken.Create();
        await audited.ReadAsync(tenantId, viewer,
            _ => new AccessRecord("audit_log.api_key_create", "api_key", token.KeyId, new Dictionary<string, string?> { ["label"] = label }),
            async (db, c) => await db.Database.ExecuteSqlAsync(
                $"insert into web.api_keys (tenant_id, key_id, secret_hash, label, created_by) values ({tenantId}, {token.KeyId}, {token.SecretHash()}, {label}, {viewer.SubjectId})", c),
            ct);
        return token;
    }

    /// <summary>Revokes a live key; false when the tenant has no such live key.</summary>
    public async Task<bool> RevokeAsync(string tenantId, Viewer viewer, string keyId, CancellationToken ct)
    {
        if (!ApiKeyToken.IsKeyId(keyId)) return false;
        var revoked = 0;
        try
        {
            await audited.ReadAsync(tenantId, viewer,
                _ => new AccessRecord("audit_log.api_key_revoke", "api_key", keyId, new Dictionary<string, string?>()),
                async (db, c) =>
                {
                    revoked = await db.Database.ExecuteSqlAsync(
                        $"update web.api_keys set revoked_at = clock_timestamp(), revoked_by = {viewer.SubjectId} where tenant_id = {tenantId} and key_id = {keyId} and revoked_at is null", c);
                    // Nothing to revoke: roll back rather than record a revocation that did not happen.
                    if (revoked == 0) throw new KeyNotFoundException();
                    return revoked;
                },
                ct);
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
        return revoked == 1;
    }

    /// <summary>The tenant's keys, newest first.</summary>
    public async Task<IReadOnlyList<ApiKeyListing>> ListAsync(string tenantId, CancellationToken ct)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var tx = await TenantScope.BeginAsync(conn, tenantId, ct);
        await using var cmd = new NpgsqlCommand(
            "select key_id, label, created_by, created_at, revoked_by, revoked_at from web.api_keys where tenant_id = $1 order by created_at desc", conn, tx);
        cmd.Parameters.AddWithValue(tenantId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var keys = new List<ApiKeyListing>();
        while (await r.ReadAsync(ct))
            keys.Add(new ApiKeyListing(r.GetString(0), r.GetString(1), r.GetString(2), r.GetFieldValue<DateTimeOffset>(3),
                r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetFieldValue<DateTimeOffset>(5)));
        return keys;
    }

    /// <summary>The key id when the token is a live key of exactly this tenant; otherwise null.</summary>
    public async Task<string?> AuthenticateAsync(string tenantId, string? bearer, CancellationToken ct)
    {
        if (ApiKeyToken.TryParse(bearer) is not { } token) return null;
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var tx = await TenantScope.BeginAsync(conn, tenantId, ct);
        await using var cmd = new NpgsqlCommand(
            "select secret_hash from web.api_keys where tenant_id = $1 and key_id = $2 and revoked_at is null", conn, tx);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(token.KeyId);
        return await cmd.ExecuteScalarAsync(ct) is byte[] stored
               && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(stored, token.SecretHash())
            ? token.KeyId
            : null;
    }

    /// <summary>
    /// Whether <paramref name="bearer"/> is a valid, unrevoked key of a tenant other than <paramref name="tenantId"/>:
    /// the ingest API then answers 403 instead of 401. Only a caller holding the key's secret gets true.
    /// </summary>
    public async Task<bool> IsKeyOfAnotherTenantAsync(string tenantId, string? bearer, CancellationToken ct)
    {
        if (ApiKeyToken.TryParse(bearer) is not { } token) return false;
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select web.is_api_key_of_another_tenant($1, $2, $3)", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(token.KeyId);
        cmd.Parameters.AddWithValue(token.SecretHash());
        return await cmd.ExecuteScalarAsync(ct) is true;
    }
}
