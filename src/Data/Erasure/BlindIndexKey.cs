using Npgsql;

namespace AuditExplorer.Data.Erasure;

/// <summary>
/// Installs the HMAC key of the personal-value blind index from configuration into the store (as the owner).
/// The key never leaves the database again: searches call audit.personal_blind_index.
/// </summary>
public static class BlindIndexKey
{
    /// <summary>Installs the key; false when it was installed already. Refused (AE056) when another key is in use.</summary>
    public static async Task<bool> InstallAsync(NpgsqlDataSource ownerSource, byte[] key, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(key);
        await using var conn = await ownerSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select audit.install_blind_index_key($1)", conn);
        cmd.Parameters.AddWithValue(key);
        return (bool)(await cmd.ExecuteScalarAsync(ct))!;
    }
}
