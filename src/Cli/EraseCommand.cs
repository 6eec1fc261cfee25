using AuditExplorer.Data.Erasure;
using Npgsql;

namespace AuditExplorer.Cli;

internal sealed class EraseCommand : ICliCommand
{
    public string Name => "erase";
    public string Summary => "Erase a data subject's personal data (values, blind index, name, e-mail) and record it: --tenant X --subject S --reason R [--by OFFICER_ID].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var tenant = args.Get("tenant") ?? throw new CliUsageException("--tenant is required");
        var subject = args.Get("subject") ?? throw new CliUsageException("--subject is required (the pseudonymous subject id)");
        var reason = args.Get("reason") ?? throw new CliUsageException("--reason is required (e.g. the erasure request's ticket; no personal data)");
        // The officer who decided, when given; otherwise the operator's account as a system actor.
        var by = args.Get("by");
        var erasure = new SubjectErasure(tenant, subject, by ?? "cli:" + Environment.UserName, by is null ? "system" : "user", reason);
        await using var owner = CliDataSources.Owner(args);
        Guid eventId;
        try
        {
            eventId = await SubjectEraser.EraseAsync(owner, erasure, ct);
        }
        catch (SubjectErasureException ex)
        {
            Console.Error.WriteLine($"erase: {ex.Message}");
            return 2;
        }
        // Deleted rows stay in the table files until vacuumed; remove them now rather than at autovacuum's leisure.
        await using (var conn = await owner.OpenConnectionAsync(ct))
        {
            await using var vacuum = new NpgsqlCommand("vacuum audit.personal_values, audit.seal_queue, audit.subjects", conn);
            await vacuum.ExecuteNonQueryAsync(ct);
        }
        Console.WriteLine($"Erased subject {subject} of tenant {tenant}; erasure event {eventId}.");
        Console.WriteLine("Not reached: base backups and WAL archives taken before now keep the values until they expire (docs/personal-data.md).");
        return 0;
    }
}
