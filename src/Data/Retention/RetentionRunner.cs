using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Data.Retention;

/// <summary>
/// Expires what retention allows, never by row DELETE: for each partition whose every tenant has
/// passed its period and that no legal hold covers, writes each tenant's events there as a
/// time-range evidence package, stores it, reads it back and verifies it (SHA-256 and the offline
/// package verifier with the log's keys), and only then hands the partition and its archive records
/// to audit_guard.drop_expired_partition, which re-checks everything and detaches and drops it.
/// A partition whose archive fails anywhere is kept, and the run goes on with the next.
/// </summary>
public sealed class RetentionRunner(NpgsqlDataSource ownerSource, NpgsqlDataSource readerSource, CheckpointKeyring keyring, IArchiveStore archive)
{
    public async Task<RetentionRunResult> RunAsync(RetentionRunOptions options, CancellationToken ct = default)
    {
        await using var conn = await ownerSource.OpenConnectionAsync(ct);
        await RequireHookAsync(conn, ct);
        var outcomes = new List<PartitionOutcome>();
        foreach (var candidate in await ExpiredPartitionsAsync(conn, options.TenantId, ct))
        {
            if (options.DryRun)
            {
                outcomes.Add(new PartitionOutcome(candidate.Name, candidate.From, candidate.To, false,
                    "would be archived and dropped (dry run): tenants " + string.Join(", ", candidate.Tenants), []));
                continue;
            }
            outcomes.Add(await ExpireAsync(conn, candidate, options, ct));
        }
        return new RetentionRunResult(outcomes);
    }

    private async Task<PartitionOutcome> ExpireAsync(NpgsqlConnection conn, Candidate candidate, RetentionRunOptions options, CancellationToken ct)
    {
        var locations = new List<string>();
        try
        {
            var archives = new List<Dictionary<string, object?>>();
            foreach (var tenant in candidate.Tenants)
            {
                var (record, location) = await ArchiveAsync(candidate, tenant, options, ct);
                locations.Add(location);
                archives.Add(record);
            }
            await using var drop = new NpgsqlCommand("select audit_guard.drop_expired_partition($1::regclass, $2::jsonb)", conn);
            drop.Parameters.AddWithValue("audit." + QuoteIdent(candidate.Name));
            drop.Parameters.AddWithValue(JsonSerializer.Serialize(archives));
            await drop.ExecuteNonQueryAsync(ct);
            return new PartitionOutcome(candidate.Name, candidate.From, candidate.To, true,
                $"archived ({string.Join(", ", locations)}), verified and dropped", locations);
        }
        catch (RetentionRefusedException ex)
        {
            return new PartitionOutcome(candidate.Name, candidate.From, candidate.To, false, ex.Message, locations);
        }
        catch (ExportRefusedException ex)
        {
            return new PartitionOutcome(candidate.Name, candidate.From, candidate.To, false, "cannot archive: " + ex.Message, locations);
        }
        catch (PostgresException ex) when (ex.SqlState.StartsWith("AE", StringComparison.Ordinal))
        {
            return new PartitionOutcome(candidate.Name, candidate.From, candidate.To, false, "the retention hook refused: " + ex.MessageText, locations);
        }
    }

    /// <summary>Writes, stores, reads back and verifies one tenant's package for the partition's month.</summary>
    private async Task<(Dictionary<string, object?> Record, string Location)> ArchiveAsync(Candidate candidate, string tenant,
        RetentionRunOptions options, CancellationToken ct)
    {
        var temp = Path.Combine(Path.GetTempPath(), $"ae-retention-{Guid.NewGuid():N}.zip");
        try
        {
            EvidencePackageResult result;
            await using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16))
            {
                result = await new EvidencePackageWriter(readerSource, keyring).WriteAsync(new EvidencePackageRequest
                {
                    TenantId = tenant,
                    Filter = new TimelineFilter { From = candidate.From, To = candidate.To },
                    ExporterSubjectId = options.OperatorSubjectId,
                    Reason = $"retention: archive of {candidate.Name} before it is dropped",
                    ClientApp = "auditexplorer-retention",
                }, file, null, ct);
            }
            var manifest = result.Manifest;
            if (manifest.Counts.ExcludedUnsealed > 0)
                throw new RetentionRefusedException(
                    $"{manifest.Counts.ExcludedUnsealed} events of tenant {tenant} in {candidate.Name} are not under a checkpoint yet: seal and issue a checkpoint first");
            string written;
            await using (var file = File.OpenRead(temp)) written = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));

            var name = string.Create(CultureInfo.InvariantCulture, $"{tenant}/{candidate.Name}-{DateTime.UtcNow:yyyyMMddTHHmmssZ}-{written[..12]}.zip");
            string location;
            await using (var file = File.OpenRead(temp)) location = await archive.PutAsync(name, file, ct);

            await VerifyStoredAsync(location, written, manifest, ct);
            return (new Dictionary<string, object?>
            {
                ["tenant_id"] = tenant,
                ["location"] = location,
                ["sha256"] = written,
                ["event_count"] = manifest.Counts.Events,
                ["first_seq"] = manifest.Completeness?.FirstSeq,
                ["last_seq"] = manifest.Completeness?.LastSeq,
                ["checkpoint_size"] = manifest.Checkpoint.TreeSize,
                ["range_from"] = candidate.From.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
                ["range_to"] = candidate.To.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
            }, location);
        }
        finally
        {
            File.Delete(temp);
        }
    }

    /// <summary>The copy in the archive store, not the local file, must be the package: same bytes, and it verifies offline.</summary>
    private async Task VerifyStoredAsync(string location, string writtenSha, PackageManifest manifest, CancellationToken ct)
    {
        var copy = Path.Combine(Path.GetTempPath(), $"ae-retention-check-{Guid.NewGuid():N}.zip");
        try
        {
            await using (var stored = await archive.OpenReadAsync(location, ct))
            await using (var file = new FileStream(copy, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
                await stored.CopyToAsync(file, ct);
            var report = EvidencePackageVerifier.Verify(copy, new PackageVerificationOptions { TrustedKeys = keyring.Keys }, ct);
            if (report.Verdict != PackageVerdict.Trusted)
                throw new RetentionRefusedException(
                    $"the archive at {location} does not verify ({report.Verdict}: {report.Findings.FirstOrDefault()?.ToString() ?? "not signed by a trusted key"}); nothing was dropped");
            string stored2;
            await using (var file = File.OpenRead(copy)) stored2 = Convert.ToHexStringLower(await SHA256.HashDataAsync(file, ct));
            if (stored2 != writtenSha)
                throw new RetentionRefusedException($"the archive at {location} differs from the package written (SHA-256 {stored2}, expected {writtenSha}); nothing was dropped");
            if (report.Manifest?.Counts.Events != manifest.Counts.Events)
                throw new RetentionRefusedException($"the archive at {location} holds {report.Manifest?.Counts.Events} events, not {manifest.Counts.Events}; nothing was dropped");
        }
        finally
        {
            File.Delete(copy);
        }
    }

    private static async Task RequireHookAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select to_regprocedure('audit_guard.drop_expired_partition(regclass, jsonb)') is not null", conn);
        try
        {
            if ((bool)(await cmd.ExecuteScalarAsync(ct))!) return;
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.InsufficientPrivilege)
        {
            // No usage on audit_guard: treated like a missing hook.
        }
        throw new RetentionRefusedException(
            "the retention hook audit_guard.drop_expired_partition is not installed: run auditexplorer migrate with --superuser-connection (it installs the append-only guard)");
    }

    /// <summary>Partitions whose every tenant is past its period and that no hold covers, oldest first.</summary>
    private static async Task<List<Candidate>> ExpiredPartitionsAsync(NpgsqlConnection conn, string? onlyTenant, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            """
            select o.partition_name, min(o.range_from), min(o.range_to), array_agg(t.tenant_id order by t.tenant_id),
                   bool_and(o.expires_at <= now() and cardinality(o.holds) = 0)
            from audit.tenants t cross join lateral audit.retention_outlook(t.tenant_id) o
            group by o.partition_name
            having bool_and(o.expires_at <= now() and cardinality(o.holds) = 0)
               and ($1::text is null or $1 = any(array_agg(t.tenant_id)))
            order by min(o.range_from), o.partition_name
            """, conn);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)onlyTenant ?? DBNull.Value);
        var list = new List<Candidate>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
            list.Add(new Candidate(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2),
                reader.GetFieldValue<string[]>(3)));
        return list;
    }

    private static string QuoteIdent(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private sealed record Candidate(string Name, DateTimeOffset From, DateTimeOffset To, string[] Tenants);
}
