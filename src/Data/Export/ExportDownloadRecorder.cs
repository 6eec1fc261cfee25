using System.Text.Json;
using AuditExplorer.Data.Access;
using Npgsql;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Records that someone downloads an evidence package: an access event (audit_log.export_download)
/// in the tenant's log, written before any byte is served. Connect as auditexplorer_reader.
/// </summary>
public sealed class ExportDownloadRecorder(NpgsqlDataSource readerSource)
{
    /// <summary>Appends the access event; throws <see cref="AccessNotRecordedException"/> when the store refuses it.</summary>
    public async Task<Guid> RecordAsync(string tenantId, string subjectId, Guid exportAccessEventId, string packageSha256, string clientApp, CancellationToken ct)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await TenantScope.SetAsync(conn, tenantId, ct);
            var context = JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["client_app"] = clientApp,
                ["export_event_id"] = exportAccessEventId,
                ["package_sha256"] = packageSha256,
            });
            await using var cmd = new NpgsqlCommand(
                "select audit.append_access_event($1, $2, 'audit_log.export_download', 'tenant', $1, $3::jsonb)", conn);
            cmd.Parameters.AddWithValue(tenantId);
            cmd.Parameters.AddWithValue(subjectId);
            cmd.Parameters.AddWithValue(context);
            var id = (Guid)(await cmd.ExecuteScalarAsync(ct))!;
            await tx.CommitAsync(ct);
            return id;
        }
        catch (PostgresException ex)
        {
            throw new AccessNotRecordedException("The audit store refused to record the download: " + ex.MessageText, ex);
        }
    }
}
