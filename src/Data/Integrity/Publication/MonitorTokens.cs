using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace AuditExplorer.Data.Integrity.Publication;

/// <summary>
/// Bearer tokens with which a tenant (or its monitor, or a witness) reads the tenant's published checkpoints.
/// Only a SHA-256 of each token is stored, so reading the table does not yield a usable token.
/// </summary>
public static class MonitorTokens
{
    private const string Prefix = "aemt_";

    /// <summary>Creates a token for the tenant as the owner role; returns the token text, shown once.</summary>
    public static async Task<string> CreateAsync(NpgsqlDataSource ownerSource, string tenantId, string label, CancellationToken ct)
    {
        var token = Prefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await using var conn = await ownerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "insert into web.monitor_tokens (tenant_id, token_hash, label) values ($1, $2, $3)", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(Hash(token));
        cmd.Parameters.AddWithValue(label);
        await cmd.ExecuteNonQueryAsync(ct);
        return token;
    }

    /// <summary>Revokes every token of the tenant with that label (owner role); returns how many.</summary>
    public static async Task<int> RevokeAsync(NpgsqlDataSource ownerSource, string tenantId, string label, CancellationToken ct)
    {
        await using var conn = await ownerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "update web.monitor_tokens set revoked_at = now() where tenant_id = $1 and label = $2 and revoked_at is null", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(label);
        return await cmd.ExecuteNonQueryAsync(ct);
    }

    /// <summary>True when the token is a live token of exactly this tenant (reader role).</summary>
    public static async Task<bool> AllowsAsync(NpgsqlDataSource readerSource, string tenantId, string? token, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(token) || !token.StartsWith(Prefix, StringComparison.Ordinal) || token.Length > 200) return false;
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand(
            "select exists (select 1 from web.monitor_tokens where tenant_id = $1 and token_hash = $2 and revoked_at is null)", conn);
        cmd.Parameters.AddWithValue(tenantId);
        cmd.Parameters.AddWithValue(Hash(token));
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }

    private static byte[] Hash(string token) => SHA256.HashData(Encoding.UTF8.GetBytes(token));
}
