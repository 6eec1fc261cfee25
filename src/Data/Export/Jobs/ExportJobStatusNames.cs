namespace AuditExplorer.Data.Export.Jobs;

/// <summary>The status words web.export_jobs stores, and back.</summary>
internal static class ExportJobStatusNames
{
    public static string Of(ExportJobStatus status) => status.ToString().ToLowerInvariant();

    public static ExportJobStatus Parse(string name) =>
        Enum.TryParse<ExportJobStatus>(name, ignoreCase: true, out var status) && Of(status) == name
            ? status
            : throw new InvalidOperationException($"unknown export job status \"{name}\" in web.export_jobs");
}
