using AuditExplorer.Data.Access;
using Npgsql;

namespace AuditExplorer.Data.Erasure;

/// <summary>
/// A tenant's personal-data paths: listed, set and removed through the store's functions, which check the input and
/// append each change as an <c>audit_log.personal_path_*</c> access event in the same transaction (migration 029).
/// Connect as the reader (the explorer, for a signed-in audit admin; the permission matrix is checked before) or the owner.
/// </summary>
public sealed class PersonalDataPaths(NpgsqlDataSource dataSource)
{
    /// <summary>The tenant's paths, in path order.</summary>
    public Task<IReadOnlyList<PersonalDataPath>> ListAsync(string tenantId, CancellationToken ct = default) =>
        InTenantAsync<IReadOnlyList<PersonalDataPath>>(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("select path, subject_path from audit.personal_data_paths where tenant_id = $1 order by path", conn);
            cmd.Parameters.AddWithValue(tenantId);
            var paths = new List<PersonalDataPath>();
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct)) paths.Add(new PersonalDataPath(reader.GetString(0), reader.GetString(1)));
            return paths;
        }, ct);

    /// <summary>Adds a path or changes whose it is; applies to events appended from now on. Returns the access event's id.</summary>
    public Task<Guid> SetAsync(string tenantId, PersonalDataPath path, string reason, string actorId, string actorKind = "user", CancellationToken ct = default) =>
        InTenantAsync(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("select audit.set_personal_data_path($1, $2, $3, $4, $5, $6)", conn);
            foreach (var value in new[] { tenantId, path.Path.Trim(), path.SubjectPath.Trim(), reason, actorId, actorKind })
                cmd.Parameters.AddWithValue(value ?? "");
            return (Guid)(await cmd.ExecuteScalarAsync(ct))!;
        }, ct);

    /// <summary>Stops treating a path as personal: events appended from now on keep its values in their hashed bytes, for good.</summary>
    public Task<Guid> RemoveAsync(string tenantId, string path, string reason, string actorId, string actorKind = "user", CancellationToken ct = default) =>
        InTenantAsync(tenantId, async conn =>
        {
            await using var cmd = new NpgsqlCommand("select audit.remove_personal_data_path($1, $2, $3, $4, $5)", conn);
            foreach (var value in new[] { tenantId, path, reason, actorId, actorKind })
                cmd.Parameters.AddWithValue(value ?? "");
            return (Guid)(await cmd.ExecuteScalarAsync(ct))!;
        }, ct);

    private async Task<T> InTenantAsync<T>(string tenantId, Func<NpgsqlConnection, Task<T>> work, CancellationToken ct)
    {
        try
        {
            return await TenantScope.RunAsync(dataSource, tenantId, work, ct);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("AE", StringComparison.Ordinal))
        {
            throw new PersonalDataPathRefusedException(ex.MessageText, ex.SqlState, ex);
        }
    }
}
