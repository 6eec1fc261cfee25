using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Export;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Timelines;

namespace AuditExplorer.Cli;

internal sealed class ExportCommand : ICliCommand
{
    public string Name => "export";
    public string Summary => "Export an evidence package: --tenant X [--from T --to T] [--entity-type T --entity-id I] [--actor A] [--subject S (subject access report)] [--with-personal-values] [--out file.zip] [--reason R] [--bind [--bind-timeout S]] [--export-key-file F].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var tenant = args.Get("tenant") ?? throw new CliUsageException("--tenant is required");
        var filter = new TimelineFilter
        {
            From = Time(args, "from"),
            To = Time(args, "to"),
            EntityType = args.Get("entity-type"),
            EntityId = args.Get("entity-id"),
            ActorId = args.Get("actor"),
            Action = args.Get("action"),
            ChangeKind = args.Get("change-kind"),
            IncludeAccessEvents = args.Has("include-access"),
            SubjectId = args.Get("subject"),
        };
        if (string.IsNullOrEmpty(filter.EntityType) != string.IsNullOrEmpty(filter.EntityId))
            throw new CliUsageException("--entity-type and --entity-id go together (one record)");
        var output = args.Get("out") ?? $"evidence-{tenant}-{DateTime.UtcNow:yyyyMMdd-HHmmss}.zip";
        var request = new EvidencePackageRequest
        {
            TenantId = tenant,
            Filter = filter,
            ExporterSubjectId = args.Get("exporter") ?? "cli:" + Environment.UserName,
            Reason = args.Get("reason") ?? (filter.SubjectId is { } s ? $"subject access report (GDPR Art. 15) for subject {s}" : null),
            ClientApp = "auditexplorer-cli",
            // The operator running the CLI holds the reader's credentials and sees what the store holds.
            RevealPersonalValues = args.Has("with-personal-values"),
            BindToLog = args.Has("bind"),
            BindTimeout = TimeSpan.FromSeconds(args.GetInt("bind-timeout", 120)),
        };

        var keyring = CheckpointPublicKeys.Load(args);
        using var statementKey = ExportKeyCommand.Load(args);
        await using var reader = CliDataSources.Reader(args);
        var writer = new EvidencePackageWriter(reader, keyring, statementKey);
        var partial = output + ".partial";
        var clock = Stopwatch.StartNew();
        var display = new ExportProgressDisplay(Console.Error, interactive: !Console.IsErrorRedirected);
        EvidencePackageResult result;
        try
        {
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16))
                result = await writer.WriteAsync(request, file, new SyncProgress(display.Show), ct);
            File.Move(partial, output, overwrite: true);
        }
        catch (Exception ex) when (ex is ExportRefusedException or AccessNotRecordedException)
        {
            display.Done();
            TryDelete(partial);
            Console.Error.WriteLine($"export: {ex.Message}");
            return ex is AccessNotRecordedException ? 5 : 4;
        }
        catch
        {
            display.Done();
            TryDelete(partial);
            throw;
        }
        display.Done();

        var m = result.Manifest;
        string sha;
        await using (var zip = File.OpenRead(output)) sha = Convert.ToHexStringLower(await SHA256.HashDataAsync(zip, ct));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Exported {m.Counts.Events:N0} events of tenant {m.TenantId} under checkpoint {m.Checkpoint.TreeSize:N0} to {output} in {clock.Elapsed.TotalSeconds:0.0} s."));
        if (m.Counts.ExcludedUnsealed > 0)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"Left out {m.Counts.ExcludedUnsealed:N0} selected events that no checkpoint covers yet (seal and issue a checkpoint, then export again)."));
        if (m.Completeness is { FirstSeq: { } first, LastSeq: { } last })
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Complete time range: seq {first:N0} to {last:N0}."));
        Console.WriteLine($"Package SHA-256: {sha}");
        Console.WriteLine($"Access event: {result.AccessEventId}");
        return 0;
    }

    private static DateTimeOffset? Time(CliArguments args, string name)
    {
        if (args.Get(name) is not { } text) return args.Has(name) ? throw new CliUsageException($"--{name} needs a time (e.g. 2026-03-01 or 2026-03-01T09:00:00Z)") : null;
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value)
            ? value
            : throw new CliUsageException($"--{name} \"{text}\" is not a time (e.g. 2026-03-01 or 2026-03-01T09:00:00Z)");
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // A partial file that cannot be removed is named .partial and never mistaken for a package.
        }
    }

    /// <summary>Reports on the writer's thread; Progress&lt;T&gt; would post to the thread pool and reorder lines.</summary>
    private sealed class SyncProgress(Action<ExportProgress> show) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => show(value);
    }
}
