using System.Globalization;
using System.Text;

namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// A witness's durable memory: an append-only file with one line "origin size base64(root)" per cosigned
/// checkpoint, flushed to disk (fsync) before the cosignature is returned. The newest line per origin is the
/// state; a file whose sizes go backwards for an origin is refused, so the witness never forgets what it vouched
/// for. A torn last line (a crash mid-write, never acknowledged) is ignored. The file is held open with an exclusive lock,
/// so two witness processes cannot share (and race on) one state.
/// </summary>
public sealed class WitnessStateFile : IDisposable
{
    private readonly FileStream _file;
    private readonly Dictionary<string, WitnessedLogState> _latest = new(StringComparer.Ordinal);

    public string Path { get; }

    private WitnessStateFile(string path, FileStream file)
    {
        Path = path;
        _file = file;
    }

    /// <exception cref="InvalidDataException">The file is not a witness state or goes backwards.</exception>
    public static WitnessStateFile Open(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (System.IO.Path.GetDirectoryName(full) is { } dir) Directory.CreateDirectory(dir);
        var file = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 4096, FileOptions.None);
        var state = new WitnessStateFile(full, file);
        try
        {
            state.Load();
        }
        catch
        {
            file.Dispose();
            throw;
        }
        return state;
    }

    /// <summary>The latest cosigned checkpoint of <paramref name="origin"/>, or null when the witness never cosigned it.</summary>
    public WitnessedLogState? Latest(string origin) => _latest.GetValueOrDefault(origin);

    /// <summary>Every origin's latest state.</summary>
    public IReadOnlyCollection<WitnessedLogState> All => _latest.Values;

    /// <summary>Appends and fsyncs the new state; refuses to go backwards.</summary>
    public void Record(WitnessedLogState state)
    {
        if (state.Origin.Contains(' ') || state.Origin.Contains('\n')) throw new ArgumentException("an origin has no spaces or newlines", nameof(state));
        if (Latest(state.Origin) is { } old && old.TreeSize > state.TreeSize)
            throw new InvalidOperationException($"the witness state of {state.Origin} would go back from {old.TreeSize} to {state.TreeSize}");
        var line = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{state.Origin} {state.TreeSize} {Convert.ToBase64String(state.RootHash)}\n"));
        _file.Seek(0, SeekOrigin.End);
        _file.Write(line);
        _file.Flush(flushToDisk: true);
        _latest[state.Origin] = state;
    }

    private void Load()
    {
        _file.Seek(0, SeekOrigin.Begin);
        var text = new StreamReader(_file, Encoding.UTF8, false, 4096, leaveOpen: true).ReadToEnd();
        var lines = text.Split('\n');
        // The last element is "" after a final newline, or a torn line that was never acknowledged.
        for (var i = 0; i < lines.Length - 1; i++)
        {
            var parts = lines[i].Split(' ');
            if (parts.Length != 3 || !long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var size))
                throw new InvalidDataException($"{Path} line {i + 1} is not \"origin size root\"");
            byte[] root;
            try
            {
                root = Convert.FromBase64String(parts[2]);
            }
            catch (FormatException)
            {
                throw new InvalidDataException($"{Path} line {i + 1}: the root hash is not base64");
            }
            if (_latest.TryGetValue(parts[0], out var old) && old.TreeSize > size)
                throw new InvalidDataException($"{Path} line {i + 1}: {parts[0]} goes back from {old.TreeSize} to {size}; the state was tampered with");
            _latest[parts[0]] = new WitnessedLogState(parts[0], size, root);
        }
        if (lines[^1].Length > 0)
        {
            // Cut the torn tail so the next record starts on a line of its own.
            _file.SetLength(Encoding.UTF8.GetByteCount(text) - Encoding.UTF8.GetByteCount(lines[^1]));
            _file.Flush(flushToDisk: true);
        }
    }

    public void Dispose() => _file.Dispose();
}
