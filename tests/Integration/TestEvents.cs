using Npgsql;

namespace AuditExplorer.Tests.Integration;

/// <summary>Appends events through the real write contract, for tests that need history.</summary>
public static class TestEvents
{
    public static async Task<Guid> AppendAsync(NpgsqlConnection conn, string tenant, DateTimeOffset at,
        string entityType = "contract", string entityId = "42", string actor = "usr_1", string action = "contract.update",
        string changeKind = "update", string? oldValues = null, string? newValues = null)
    {
        await using var cmd = new NpgsqlCommand(
            "select audit.append_event($1, $2, 'user', $3, $4, $5, $6, $7::jsonb, $8::jsonb, '{}'::jsonb, $9)", conn);
        cmd.Parameters.AddWithValue(tenant);
        cmd.Parameters.AddWithValue(actor);
        cmd.Parameters.AddWithValue(action);
        cmd.Parameters.AddWithValue(changeKind);
        cmd.Parameters.AddWithValue(entityType);
        cmd.Parameters.AddWithValue(entityId);
        cmd.Parameters.AddWithValue((object?)oldValues ?? DBNull.Value);
        cmd.Parameters.AddWithValue((object?)newValues ?? DBNull.Value);
        cmd.Parameters.AddWithValue(at);
        return (Guid)(await cmd.ExecuteScalarAsync())!;
    }
}
