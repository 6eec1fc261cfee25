using System.Globalization;
using System.Text;
using System.Text.Json;

namespace AuditExplorer.Data.Integrity;

/// <summary>
/// The signer's record as a local append-only file, one JSON object a line
/// (docs/event-format.md §6): {"tenant","tree_size","root","signed_at","note"}. Each append is
/// flushed to disk before it returns; a last line without its newline (a write cut short by a
/// crash, whose note was never used) is ignored. The file is read once and then only its new
/// tail, and a file that shrank is an error, never a fresh start.
/// </summary>
public sealed class SignedCheckpointFile(string path) : ISignedCheckpointRecord
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Dictionary<string, SignedCheckpointEntry> _latest = new(StringComparer.Ordinal);
    // Acknowledgements are rare (one per restore), so every one is kept; checkpoints only as the newest per tenant.
    private readonly List<SignedCheckpointEntry> _acknowledgements = [];
    private long _readTo;

    public string Location => path;

    public async Task<SignedCheckpointEntry?> LatestAsync(string tenantId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await CatchUpAsync(ct);
            return _latest.GetValueOrDefault(tenantId);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<SignedCheckpointEntry>> LatestPerTenantAsync(CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await CatchUpAsync(ct);
            return _latest.Values.OrderBy(e => e.TenantId, StringComparer.Ordinal).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task<IReadOnlyList<SignedCheckpointEntry>> AcknowledgementsAsync(string tenantId, CancellationToken ct)
    {
        await _gate.WaitAsync(ct);
        try
        {
            await CatchUpAsync(ct);
            return _acknowledgements.Where(e => e.TenantId == tenantId).ToList();
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task AppendAsync(SignedCheckpointEntry entry, CancellationToken ct)
    {
        var line = Encoding.UTF8.GetBytes(FormatLine(entry) + "\n");
        await _gate.WaitAsync(ct);
        try
        {
            if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } dir) Directory.CreateDirectory(dir);
            var created = !File.Exists(path);
            // O_APPEND: concurrent signers sharing the file never overwrite each other's lines.
            await using (var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite))
            {
                await stream.WriteAsync(line, ct);
                stream.Flush(flushToDisk: true);
            }
            if (created && !OperatingSystem.IsWindows()) File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            await CatchUpAsync(ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>One record line (without its newline).</summary>
    public static string FormatLine(SignedCheckpointEntry e)
    {
        var line = new Dictionary<string, object?>
        {
            ["tenant"] = e.TenantId,
            ["tree_size"] = e.TreeSize,
            ["root"] = Convert.ToBase64String(e.RootHash),
            ["signed_at"] = e.SignedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture),
            ["note"] = e.Note,
        };
        if (e.Loss is { } loss)
        {
            line["kind"] = "loss_acknowledged";
            line["lost_size"] = loss.LostSize;
            line["lost_root"] = Convert.ToBase64String(loss.LostRoot);
            line["acknowledged_by"] = loss.AcknowledgedBy;
            line["reason"] = loss.Reason;
            line["case"] = loss.CaseId;
        }
        return JsonSerializer.Serialize(line);
    }

    /// <summary>Every complete line of a record's text, in order; throws <see cref="FormatException"/> naming the bad line.</summary>
    public static IReadOnlyList<SignedCheckpointEntry> Parse(string text)
    {
        var entries = new List<SignedCheckpointEntry>();
        var lines = text.Split('\n');
        // The last element is "" after a final newline, or a torn line that was never used.
        for (var i = 0; i < lines.Length - 1; i++)
        {
            if (lines[i].Trim().Length == 0) continue;
            entries.Add(ParseLine(lines[i], i + 1));
        }
        return entries;
    }

    private static SignedCheckpointEntry ParseLine(string line, int number)
    {
        try
        {
            using var doc = JsonDocument.Parse(line);
            var r = doc.RootElement;
            var entry = new SignedCheckpointEntry(
                r.GetProperty("tenant").GetString() ?? throw new FormatException("tenant is null"),
                r.GetProperty("tree_size").GetInt64(),
                Convert.FromBase64String(r.GetProperty("root").GetString() ?? ""),
                DateTimeOffset.Parse(r.GetProperty("signed_at").GetString() ?? "", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
                r.GetProperty("note").GetString() ?? throw new FormatException("note is null"),
                ParseLoss(r));
            if (entry.RootHash.Length != 32 || entry.TreeSize < 1) throw new FormatException("tree_size must be ≥ 1 and root 32 bytes");
            if (entry.Loss is { } loss && (loss.LostRoot.Length != 32 || loss.LostSize <= entry.TreeSize))
                throw new FormatException("an acknowledged loss needs a lost_size beyond tree_size and a 32-byte lost_root");
            return entry;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"signed checkpoint record line {number} is not a record entry: {ex.Message}", ex);
        }
    }

    // Lines without "kind" are checkpoints (the record's first format); "loss_acknowledged" adds the lost tree.
    private static LossAcknowledgement? ParseLoss(JsonElement r)
    {
        if (!r.TryGetProperty("kind", out var kind) || kind.ValueKind == JsonValueKind.Null) return null;
        if (kind.GetString() != "loss_acknowledged") throw new FormatException($"unknown entry kind \"{kind.GetString()}\"");
        return new LossAcknowledgement(
            r.GetProperty("lost_size").GetInt64(),
            Convert.FromBase64String(r.GetProperty("lost_root").GetString() ?? ""),
            r.GetProperty("acknowledged_by").GetString() ?? throw new FormatException("acknowledged_by is null"),
            r.GetProperty("reason").GetString() ?? throw new FormatException("reason is null"),
            r.TryGetProperty("case", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null);
    }

    private async Task CatchUpAsync(CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            if (_readTo > 0) throw new InvalidDataException($"the signed checkpoint record {path} is gone: it was deleted after {_readTo} bytes");
            return;
        }
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        if (stream.Length < _readTo)
            throw new InvalidDataException($"the signed checkpoint record {path} shrank from {_readTo} to {stream.Length} bytes: it was truncated");
        if (stream.Length == _readTo) return;
        stream.Position = _readTo;
        var buffer = new byte[stream.Length - _readTo];
        await stream.ReadExactlyAsync(buffer, ct);
        var complete = Array.LastIndexOf(buffer, (byte)'\n') + 1;
        if (complete == 0) return;
        foreach (var entry in Parse(Encoding.UTF8.GetString(buffer, 0, complete)))
        {
            if (entry.Supersedes(_latest.GetValueOrDefault(entry.TenantId))) _latest[entry.TenantId] = entry;
            if (entry.Loss is not null) _acknowledgements.Add(entry);
        }
        _readTo += complete;
    }
}
