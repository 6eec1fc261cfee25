using AuditExplorer.Data.Retention;

namespace AuditExplorer.Cli;

/// <summary>Where retention archives go: --archive, else AUDITEXPLORER_ARCHIVE, else .local/archive; an s3:// URI selects the object store.</summary>
internal static class ArchiveStoreOption
{
    public static IArchiveStore Load(CliArguments args)
    {
        var target = args.Get("archive") ?? Environment.GetEnvironmentVariable("AUDITEXPLORER_ARCHIVE")
                     ?? Path.Combine(Directory.GetCurrentDirectory(), ".local", "archive");
        if (target.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            try
            {
                return S3ArchiveStore.FromUri(new Uri(target), Environment.GetEnvironmentVariable("AUDITEXPLORER_S3_ENDPOINT"));
            }
            catch (UriFormatException ex)
            {
                throw new CliUsageException($"--archive \"{target}\" is not an s3://bucket/prefix URI: {ex.Message}");
            }
        }
        return new FolderArchiveStore(target);
    }
}
