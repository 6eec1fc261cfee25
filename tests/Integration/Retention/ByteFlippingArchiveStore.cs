using AuditExplorer.Data.Retention;

namespace AuditExplorer.Tests.Integration.Retention;

/// <summary>A folder store whose copy rots right after it is written (a disk or bucket going bad), before the runner verifies it.</summary>
internal sealed class ByteFlippingArchiveStore(string folder) : IArchiveStore
{
    private readonly FolderArchiveStore _inner = new(folder);

    public async Task<string> PutAsync(string name, Stream package, CancellationToken ct)
    {
        var location = await _inner.PutAsync(name, package, ct);
        File.SetAttributes(location, FileAttributes.Normal);
        var bytes = await File.ReadAllBytesAsync(location, ct);
        bytes[bytes.Length / 2] ^= 0x01;
        await File.WriteAllBytesAsync(location, bytes, ct);
        return location;
    }

    public Task<Stream> OpenReadAsync(string location, CancellationToken ct) => _inner.OpenReadAsync(location, ct);
}
