using System.Buffers;
using System.IO.Compression;

namespace AuditExplorer.Data.Export;

/// <summary>
/// A temporary file that one package file is written to while events.csv streams into the zip
/// (a zip takes one open entry at a time); hashed as it is written, copied in afterwards, deleted on close.
/// </summary>
internal sealed class Spool : IAsyncDisposable
{
    private readonly FileStream _file;
    private readonly HashingWriteStream _hashing;

    private Spool(FileStream file)
    {
        _file = file;
        _hashing = new HashingWriteStream(new BufferedStream(file, 1 << 16), leaveOpen: false);
    }

    public static Spool Create() => new(new FileStream(Path.Combine(Path.GetTempPath(), "ae-export-" + Guid.NewGuid().ToString("N")),
        FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 12, FileOptions.DeleteOnClose));

    /// <summary>Appends what the buffer holds and empties it.</summary>
    public void Write(ArrayBufferWriter<byte> buffer)
    {
        _hashing.Write(buffer.WrittenSpan);
        buffer.ResetWrittenCount();
    }

    public async Task<ManifestFile> CopyIntoAsync(ZipArchive zip, string name, CancellationToken ct)
    {
        await _hashing.FlushAsync(ct);
        var file = new ManifestFile(name, _hashing.BytesWritten, _hashing.HexHash());
        _file.Position = 0;
        var entry = zip.CreateEntry(name, CompressionLevel.Fastest);
        await using (var target = entry.Open()) await _file.CopyToAsync(target, 1 << 16, ct);
        return file;
    }

    public async ValueTask DisposeAsync()
    {
        await _hashing.DisposeAsync();
        await _file.DisposeAsync();
    }
}
