namespace AuditExplorer.Data.Retention;

/// <summary>Archives as files in one folder; an existing file is never replaced, and files are made read-only after writing.</summary>
public sealed class FolderArchiveStore(string folder) : IArchiveStore
{
    public async Task<string> PutAsync(string name, Stream package, CancellationToken ct)
    {
        string path;
        try
        {
            var root = Path.GetFullPath(folder);
            path = Path.GetFullPath(Path.Combine(root, name));
            if (!path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
                throw new ArgumentException($"archive name \"{name}\" leaves the archive folder", nameof(name));
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            await using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                await package.CopyToAsync(file, ct);
                await file.FlushAsync(ct);
                file.Flush(flushToDisk: true);
            }
            File.SetAttributes(path, FileAttributes.ReadOnly);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RetentionRefusedException($"the archive location {folder} is not writable: {ex.Message}", inner: ex);
        }
        return path;
    }

    public Task<Stream> OpenReadAsync(string location, CancellationToken ct) =>
        Task.FromResult<Stream>(new FileStream(location, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true));
}
