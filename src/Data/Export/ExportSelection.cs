using AuditExplorer.Data.Timelines;
using Npgsql;

namespace AuditExplorer.Data.Export;

/// <summary>
/// Turns a timeline filter into the SQL predicate of an export (alias <c>e</c>, parameters appended
/// to the command). A filter that narrows only by time is a range export: it covers every event in
/// the range, access events included, so its seq span can be proven complete.
/// </summary>
internal static class ExportSelection
{
    public static bool IsCompleteRange(TimelineFilter f) =>
        string.IsNullOrEmpty(f.EntityType) && string.IsNullOrEmpty(f.EntityId) && string.IsNullOrEmpty(f.ActorId)
        && string.IsNullOrEmpty(f.Action) && string.IsNullOrEmpty(f.ChangeKind) && string.IsNullOrEmpty(f.SubjectId);

    /// <summary>"e.tenant_id = $1 and ..." with the filter's values added as parameters after the existing ones.</summary>
    public static string Predicate(NpgsqlCommand cmd, string tenantId, TimelineFilter f, bool rangeOnly)
    {
        var parts = new List<string> { "e.tenant_id = " + Add(cmd, tenantId) };
        if (!rangeOnly)
        {
            if (!string.IsNullOrEmpty(f.EntityType)) parts.Add("e.entity_type = " + Add(cmd, f.EntityType));
            if (!string.IsNullOrEmpty(f.EntityId)) parts.Add("e.entity_id = " + Add(cmd, f.EntityId));
            if (!string.IsNullOrEmpty(f.ActorId)) parts.Add("e.actor_id = " + Add(cmd, f.ActorId));
            if (!string.IsNullOrEmpty(f.Action)) parts.Add("e.action = " + Add(cmd, f.Action));
            if (!string.IsNullOrEmpty(f.SubjectId))
            {
                var subject = Add(cmd, f.SubjectId);
                parts.Add($"(e.actor_id = {subject} or exists (select 1 from audit.all_personal_values pv where pv.tenant_id = e.tenant_id and pv.subject_id = {subject} and pv.event_id = e.id))");
            }
            if (!string.IsNullOrEmpty(f.ChangeKind)) parts.Add("e.change_kind = " + Add(cmd, f.ChangeKind));
            else if (!f.IncludeAccessEvents) parts.Add("e.change_kind <> 'access'");
        }
        if (f.From is { } from) parts.Add("e.occurred_at >= " + Add(cmd, from));
        if (f.To is { } to) parts.Add("e.occurred_at < " + Add(cmd, to));
        return string.Join(" and ", parts);
    }

    public static string Add(NpgsqlCommand cmd, object value)
    {
        cmd.Parameters.Add(new NpgsqlParameter { Value = value is DateTimeOffset d ? d.ToUniversalTime() : value });
        return "$" + cmd.Parameters.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
