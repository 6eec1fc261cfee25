using Amazon.S3;
using Amazon.S3.Model;

namespace AuditExplorer.Data.Retention;

/// <summary>
/// Archives as objects in an S3-compatible bucket (s3://bucket/prefix). Credentials come from the
/// SDK's usual sources (environment, profile, instance role), never from the command line. With
/// <paramref name="retainFor"/>, each object is written under COMPLIANCE object lock until then, so
/// no one (the bucket owner included) can delete or overwrite it; the bucket must have object lock
/// enabled (docs/retention.md).
/// </summary>
public sealed class S3ArchiveStore(IAmazonS3 s3, string bucket, string prefix, TimeSpan? retainFor = null) : IArchiveStore
{
    /// <summary>From s3://bucket/prefix, with an optional endpoint for S3-compatible stores (path-style addressing).</summary>
    public static S3ArchiveStore FromUri(Uri uri, string? endpoint, TimeSpan? retainFor = null)
    {
        var config = new AmazonS3Config();
        if (!string.IsNullOrEmpty(endpoint))
        {
            config.ServiceURL = endpoint;
            config.ForcePathStyle = true;
        }
        return new S3ArchiveStore(new AmazonS3Client(config), uri.Host, uri.AbsolutePath.Trim('/'), retainFor);
    }

    public async Task<string> PutAsync(string name, Stream package, CancellationToken ct)
    {
        var key = string.IsNullOrEmpty(prefix) ? name : prefix + "/" + name;
        var request = new PutObjectRequest
        {
            BucketName = bucket,
            Key = key,
            InputStream = package,
            AutoCloseStream = false,
            ChecksumAlgorithm = ChecksumAlgorithm.SHA256,
            ContentType = "application/zip",
        };
        if (retainFor is { } keep)
        {
            request.ObjectLockMode = ObjectLockMode.Compliance;
            request.ObjectLockRetainUntilDate = DateTime.UtcNow.Add(keep);
        }
        try
        {
            await s3.PutObjectAsync(request, ct);
        }
        catch (AmazonS3Exception ex)
        {
            throw new RetentionRefusedException($"the archive location s3://{bucket}/{prefix} is not writable: {ex.Message}", inner: ex);
        }
        return $"s3://{bucket}/{key}";
    }

    public async Task<Stream> OpenReadAsync(string location, CancellationToken ct)
    {
        var uri = new Uri(location);
        var response = await s3.GetObjectAsync(uri.Host, uri.AbsolutePath.TrimStart('/'), ct);
        return response.ResponseStream;
    }
}
