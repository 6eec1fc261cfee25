using Npgsql;
using System.Globalization;
using AuditExplorer.Data.Retention;

namespace AuditExplorer.Cli;

/// <summary>Retention policies, legal holds and the expiry run, as the owner (docs/retention.md).</summary>
internal sealed class RetentionCommand : ICliCommand
{
    public string Name => "retention";
    public string Summary =>
        "Retention: set --tenant X --period 7y --reason R [--minimum 1y] | hold --tenant X --scope tenant|record|actor|case [--entity-type T --entity-id I | --actor A | --case C] --reason R | release --tenant X --hold ID --reason R | list --tenant X | run [--tenant X] [--archive folder|s3://bucket/prefix] [--dry-run]; [--as subject-id].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var verb = args.Positional.Count > 0 ? args.Positional[0] : throw new CliUsageException("retention needs a verb: set, hold, release, list or run");
        await using var owner = CliDataSources.Owner(args);
        var settings = new RetentionSettings(owner);
        var actor = new RetentionActor(args.Get("as") ?? "cli:" + Environment.UserName, args.Has("as") ? "user" : "system");
        try
        {
            switch (verb)
            {
                case "set":
                    var tenant = IntegrityCliOptions.RequiredTenant(args);
                    var period = Months(args, "period") ?? throw new CliUsageException("--period is required (e.g. 7y or 18m)");
                    await settings.SetPeriodAsync(tenant, period, Months(args, "minimum"), args.Get("reason") ?? "", actor, ct);
                    Console.WriteLine($"Tenant {tenant} now keeps its events {RetentionPeriodText.Format(period)}.");
                    return 0;
                case "hold":
                    tenant = IntegrityCliOptions.RequiredTenant(args);
                    var hold = await settings.PlaceHoldAsync(tenant, new LegalHoldRequest(args.Get("scope") ?? "", args.Get("reason") ?? "")
                    {
                        EntityType = args.Get("entity-type"), EntityId = args.Get("entity-id"), ActorId = args.Get("actor"), CaseId = args.Get("case"),
                    }, actor, ct);
                    Console.WriteLine($"Legal hold {hold} placed on tenant {tenant}.");
                    return 0;
                case "release":
                    tenant = IntegrityCliOptions.RequiredTenant(args);
                    var id = Guid.TryParse(args.Get("hold"), out var g) ? g : throw new CliUsageException("--hold <id> is required (see retention list)");
                    await settings.ReleaseHoldAsync(tenant, id, args.Get("reason") ?? "", actor, ct);
                    Console.WriteLine($"Legal hold {id} released.");
                    return 0;
                case "list":
                    await ListAsync(settings, IntegrityCliOptions.RequiredTenant(args), ct);
                    return 0;
                case "run":
                    return await RunExpiryAsync(args, owner, actor, ct);
                default:
                    throw new CliUsageException($"unknown retention verb \"{verb}\": use set, hold, release, list or run");
            }
        }
        catch (RetentionRefusedException ex)
        {
            Console.Error.WriteLine($"retention: {ex.Message}");
            return 4;
        }
    }

    private static async Task<int> RunExpiryAsync(CliArguments args, NpgsqlDataSource owner, RetentionActor actor, CancellationToken ct)
    {
        await using var reader = CliDataSources.Reader(args);
        var runner = new RetentionRunner(owner, reader, CheckpointPublicKeys.Load(args), ArchiveStoreOption.Load(args));
        var result = await runner.RunAsync(new RetentionRunOptions
        {
            TenantId = args.Get("tenant"), OperatorSubjectId = actor.Id, DryRun = args.Has("dry-run"),
        }, ct);
        foreach (var p in result.Partitions)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{(p.Dropped ? "DROPPED" : "KEPT   ")} {p.PartitionName} ({p.RangeFrom:yyyy-MM-dd} to {p.RangeTo:yyyy-MM-dd}): {p.Detail}"));
        Console.WriteLine($"{result.Dropped} partitions archived and dropped, {result.Kept} kept.");
        return result.Kept > 0 && !args.Has("dry-run") ? 1 : 0;
    }

    private static async Task ListAsync(RetentionSettings settings, string tenant, CancellationToken ct)
    {
        var o = await settings.OverviewAsync(tenant, ct);
        Console.WriteLine($"Tenant {tenant}: keeps events {RetentionPeriodText.Format(o.Policy.PeriodMonths)} (minimum {RetentionPeriodText.Format(o.Policy.MinimumMonths)})"
                          + (o.Policy.SetAt is { } at ? string.Create(CultureInfo.InvariantCulture, $", set by {o.Policy.SetBy} at {at:u}") : ", the default"));
        Console.WriteLine("Legal holds:");
        foreach (var h in o.Holds)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {h.HoldId} {(h.Active ? "ACTIVE  " : "released")} {h.Covers}: {h.Reason} (placed by {h.PlacedBy} at {h.PlacedAt:u}{(h.Active ? "" : $", released by {h.ReleasedBy} at {h.ReleasedAt:u}")})"));
        Console.WriteLine("Partitions, soonest expiry first:");
        foreach (var p in o.Partitions)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {p.PartitionName,-40} {p.RangeFrom:yyyy-MM} expires {p.ExpiresAt:yyyy-MM-dd}{(p.Held ? $" HELD by {string.Join(", ", p.Holds)}" : "")}"));
        foreach (var a in o.Archives)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  archived {a.PartitionName}: {a.EventCount} events, seqs {a.FirstSeq} to {a.LastSeq}, checkpoint {a.CheckpointSize}, at {a.Location} (SHA-256 {a.Sha256})"));
    }

    private static int? Months(CliArguments args, string name) =>
        args.Get(name) is not { } text ? null
        : RetentionPeriodText.TryParseMonths(text) ?? throw new CliUsageException($"--{name} takes months or years (e.g. 18m or 7y), not \"{text}\"");

}
