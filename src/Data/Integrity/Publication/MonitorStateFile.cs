using System.Text.Json;

namespace AuditExplorer.Data.Integrity.Publication;

/// <summary>
/// The monitor's own memory: an append-only file of every checkpoint it accepted, one JSON object a line
/// (tenant, tree_size, root_hash, note, seen_at). Kept by the tenant, outside the operator's reach, so the
/// operator cannot make the monitor forget a tree it once saw.
/// </summary>
public sealed class MonitorStateFile(string path)
{
    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The newest checkpoint accepted for the tenant, or null when none was.</summary>
    /// <exception cref="FormatException">A line of the file is not a checkpoint record.</exception>
    public SeenCheckpoint? Latest(string tenant)
    {
        if (!File.Exists(path)) return null;
        SeenCheckpoint? latest = null;
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (line.Trim().Length == 0) continue;
            SeenCheckpoint? seen;
            try
            {
                seen = JsonSerializer.Deserialize<SeenCheckpoint>(line, Json);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{path} line {number} is not a checkpoint record: {ex.Message}", ex);
            }
            if (seen?.Tenant == tenant && (latest is null || seen.TreeSize >= latest.TreeSize)) latest = seen;
        }
        return latest;
    }

    /// <summary>Appends an accepted checkpoint and flushes it to disk before the run reports success.</summary>
    public void Append(SeenCheckpoint seen)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path));
        if (directory is not null) Directory.CreateDirectory(directory);
        using var file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(seen, Json);
        file.Write(bytes);
        file.WriteByte((byte)'\n');
        file.Flush(flushToDisk: true);
    }
}
