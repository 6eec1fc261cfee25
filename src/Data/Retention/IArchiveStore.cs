namespace AuditExplorer.Data.Retention;

/// <summary>Where archives of expired partitions go: a folder by default, an S3-compatible bucket when configured.</summary>
public interface IArchiveStore
{
    /// <summary>Stores the package under <paramref name="name"/> (never overwriting one) and returns its location (path or s3:// URI).</summary>
    Task<string> PutAsync(string name, Stream package, CancellationToken ct);

    /// <summary>Reads the stored package back, so verification checks what was kept, not what was meant to be.</summary>
    Task<Stream> OpenReadAsync(string location, CancellationToken ct);
}
