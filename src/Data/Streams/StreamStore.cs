using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace AuditExplorer.Data.Streams;

/// <summary>
/// A tenant's streams as an audit admin manages them. Every change (created, paused, resumed, settings changed,
/// deleted) is an access event (audit_log.stream_*) appended in the same transaction as the change, so a stream can
/// never start, stop or point elsewhere without the access log saying who did it. Runs as the reader role inside
/// the tenant's row-level-security scope; the list never reads the destination secret (the role cannot).
/// </summary>
public sealed class StreamStore(AuditedReads audited, NpgsqlDataSource readerSource, StreamDestinationFactories factories)
{
    /// <summary>Creates a stream; returns its id and, for kinds that sign, the secret (shown once).</summary>
    /// <exception cref="StreamRejectedException">A field is unusable; nothing was created.</exception>
    public async Task<CreatedStream> CreateAsync(string tenantId, Viewer viewer, NewStream request, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(request);
        var name = (request.Name ?? "").Trim();
        if (name.Length is 0 or > 100) throw new StreamRejectedException("Give the stream a name of 1 to 100 characters (e.g. the SIEM it feeds).");
        var factory = Factory(request.Kind);
        var settings = StreamSettingsCheck.Checked(factory, request.Settings);
        var filter = StreamFilter.Parse(request.Filter);
        if (!StreamFormats.All.Contains(request.Format))
            throw new StreamRejectedException($"\"{request.Format}\" is not a stream format; use {string.Join(" or ", StreamFormats.All)}.");
        if (!StreamPrivacyLevels.All.Contains(request.Privacy))
            throw new StreamRejectedException($"\"{request.Privacy}\" is not a privacy level; use {string.Join(" or ", StreamPrivacyLevels.All)}.");
        var id = Guid.CreateVersion7();
        var secret = factory.UsesSecret ? NewSecret() : null;
        var details = new Dictionary<string, string?>
        {
            ["name"] = name, ["kind"] = factory.Kind, ["format"] = request.Format, ["privacy"] = request.Privacy,
            ["filter"] = filter.Text, ["settings"] = settings, ["start"] = request.Start == StreamStart.Now ? "now" : "beginning",
        };
        await ChangeAsync(tenantId, viewer, new AccessRecord("audit_log.stream_create", "stream", id.ToString("D"), details),
            async (db, c) => await db.Database.ExecuteSqlAsync($"""
                insert into web.streams (tenant_id, id, name, kind, settings, secret, filter, format, privacy, position, created_by)
                select {tenantId}, {id}, {name}, {factory.Kind}, {settings}::jsonb, {secret}::text, {filter.Text}, {request.Format}, {request.Privacy},
                       case when {request.Start == StreamStart.Now} then coalesce((select max(seq) from audit.seals where tenant_id = {tenantId}), 0) else 0 end,
                       {viewer.SubjectId}
                """, c), name, ct);
        return new CreatedStream(id, secret);
    }

    /// <summary>Stops delivery; the backlog stays. False when the stream does not exist or is already paused.</summary>
    public Task<bool> PauseAsync(string tenantId, Viewer viewer, Guid id, CancellationToken ct) =>
        ChangeOneAsync(tenantId, viewer, id, "audit_log.stream_pause", [],
            $"update web.streams set state = 'paused' where tenant_id = {tenantId} and id = {id} and state <> 'paused'", ct);

    /// <summary>Delivers again from the stored position. False when the stream does not exist or is not paused.</summary>
    public Task<bool> ResumeAsync(string tenantId, Viewer viewer, Guid id, CancellationToken ct) =>
        ChangeOneAsync(tenantId, viewer, id, "audit_log.stream_resume", [],
            $"update web.streams set state = 'active', last_error = null, failing_since = null where tenant_id = {tenantId} and id = {id} and state = 'paused'", ct);

    /// <summary>
    /// Replaces the destination settings (checked by the kind's factory); the position, state, filter, format and secret
    /// stay. The access event names the settings before and after. False when the stream does not exist, the settings are
    /// the same (nothing is recorded), or they changed since they were read here (another admin's edit won).
    /// </summary>
    /// <exception cref="StreamRejectedException">The settings are unusable; nothing changed.</exception>
    public async Task<bool> ChangeSettingsAsync(string tenantId, Viewer viewer, Guid id, string settingsJson, CancellationToken ct)
    {
        var current = (await ListAsync(tenantId, ct)).FirstOrDefault(s => s.Id == id);
        if (current is null) return false;
        var settings = StreamSettingsCheck.Checked(Factory(current.Kind), settingsJson);
        // Only over the settings just read, so the event's "previous_settings" is exactly what was replaced; jsonb
        // equality ignores key order and spacing, so the same settings again change (and record) nothing.
        return await ChangeOneAsync(tenantId, viewer, id, "audit_log.stream_update",
            [new("settings", settings), new("previous_settings", current.Settings)],
            $"""
            update web.streams set settings = {settings}::jsonb
            where tenant_id = {tenantId} and id = {id} and settings = {current.Settings}::jsonb and settings <> {settings}::jsonb
            """, ct);
    }

    /// <summary>Deletes a stream (its secret with it). False when the tenant has no such stream.</summary>
    public Task<bool> DeleteAsync(string tenantId, Viewer viewer, Guid id, CancellationToken ct) =>
        ChangeOneAsync(tenantId, viewer, id, "audit_log.stream_delete", [],
            $"delete from web.streams where tenant_id = {tenantId} and id = {id}", ct);

    /// <summary>The tenant's streams with their lag, oldest first; never a secret.</summary>
    public async Task<IReadOnlyList<StreamListing>> ListAsync(string tenantId, CancellationToken ct)
    {
        await using var conn = await readerSource.OpenConnectionAsync(ct);
        await using var tx = await TenantScope.BeginAsync(conn, tenantId, ct);
        await using var cmd = new NpgsqlCommand("""
            select s.id, s.name, s.kind, s.settings::text, s.state, s.filter, s.format, s.privacy, s.position,
                   greatest(h.head - s.position, 0),
                   (select x.sealed_at from audit.seals x where x.tenant_id = s.tenant_id and x.seq > s.position order by x.seq limit 1),
                   s.last_error, s.failing_since, s.last_delivered_at, s.created_by, s.created_at
            from web.streams s
            cross join (select coalesce(max(seq), 0) as head from audit.seals where tenant_id = $1) h
            where s.tenant_id = $1
            order by s.created_at, s.id
            """, conn, tx);
        cmd.Parameters.AddWithValue(tenantId);
        await using var r = await cmd.ExecuteReaderAsync(ct);
        var list = new List<StreamListing>();
        while (await r.ReadAsync(ct))
            list.Add(new StreamListing(r.GetGuid(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5),
                r.GetString(6), r.GetString(7), r.GetInt64(8), r.GetInt64(9), Time(r, 10), r.IsDBNull(11) ? null : r.GetString(11),
                Time(r, 12), Time(r, 13), r.GetString(14), r.GetFieldValue<DateTimeOffset>(15)));
        return list;
    }

    private IStreamDestinationFactory Factory(string? kind) =>
        factories.For(kind ?? "") ?? throw new StreamRejectedException(
            $"\"{kind}\" is not a destination this installation offers; use {string.Join(", ", factories.Kinds)}.");

    private static string NewSecret() => "whsec_" + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private async Task<bool> ChangeOneAsync(string tenantId, Viewer viewer, Guid id, string action, KeyValuePair<string, string?>[] details,
        FormattableString sql, CancellationToken ct)
    {
        try
        {
            await ChangeAsync(tenantId, viewer, new AccessRecord(action, "stream", id.ToString("D"), new Dictionary<string, string?>(details)),
                async (db, c) =>
                {
                    // Nothing changed: roll back rather than record a change that did not happen.
                    var n = await db.Database.ExecuteSqlAsync(sql, c);
                    return n == 0 ? throw new KeyNotFoundException() : n;
                }, null, ct);
            return true;
        }
        catch (KeyNotFoundException)
        {
            return false;
        }
    }

    private async Task ChangeAsync(string tenantId, Viewer viewer, AccessRecord access,
        Func<Store.AuditDbContext, CancellationToken, Task<int>> change, string? name, CancellationToken ct)
    {
        try
        {
            await audited.ReadAsync(tenantId, viewer, _ => access, change, ct);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new StreamRejectedException($"This tenant already has a stream named \"{name}\"; choose another name.");
        }
    }

    private static DateTimeOffset? Time(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetFieldValue<DateTimeOffset>(i);
}
