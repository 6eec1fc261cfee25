using Npgsql;

namespace AuditExplorer.Data.Integrity;

/// <summary>The audit.seals columns that hold an event's hash format and back links (migration 017), and how to read them.</summary>
internal static class SealLinkColumns
{
    /// <summary>Select list for a seals alias <c>s</c>.</summary>
    public const string SelectList = "s.hash_format, s.prev_record_seq, s.prev_actor_seq";

    public static EventLinks Read(NpgsqlDataReader reader, int first)
    {
        var format = reader.GetInt16(first);
        if (format == 1) return EventLinks.Format1;
        if (format != EventLinks.CurrentFormat)
            throw new InvalidOperationException($"seal has hash format {format}, which this version does not know");
        return EventLinks.Linked(
            reader.IsDBNull(first + 1) ? null : reader.GetInt64(first + 1),
            reader.IsDBNull(first + 2) ? null : reader.GetInt64(first + 2));
    }
}
