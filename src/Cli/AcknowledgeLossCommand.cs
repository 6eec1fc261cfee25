using System.Globalization;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Cli;

/// <summary>
/// `acknowledge-loss`: run by the signer's operator (it needs the key and the signer's record, like `checkpoint`) after
/// a restore to an older point, when the missing events cannot be re-ingested.
/// </summary>
internal sealed class AcknowledgeLossCommand : ICliCommand
{
    public string Name => "acknowledge-loss";
    public string Summary => "After a restore: accept that seqs after the chain's end are lost --tenant T --through-size N --reason \"...\" [--case ID] [--actor ID] [--key file.pem] [--signed-record F]; exits 1 when refused.";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var tenant = IntegrityCliOptions.RequiredTenant(args);
        if (!long.TryParse(args.Get("through-size"), NumberStyles.None, CultureInfo.InvariantCulture, out var throughSize) || throughSize < 1)
            throw new CliUsageException("--through-size <N> is required: the tree size the signer last signed (see `verify-chain --checkpoints`)");
        if (string.IsNullOrWhiteSpace(args.Get("reason")))
            throw new CliUsageException("--reason \"...\" is required: why the lost events cannot be re-ingested (no personal data)");
        await using var connection = CliDataSources.Sealer(args);
        await IntegrityCliOptions.EnsureTenantAsync(connection, tenant, ct);
        using var keys = IntegrityCliOptions.LoadKeys(args);
        var request = new LossAcknowledgementRequest(tenant, throughSize, args.Get("reason")!, args.Get("case"),
            args.Get("actor") ?? "cli:" + Environment.UserName);

        LossAcknowledgementResult result;
        try
        {
            result = await new LossAcknowledger(connection, keys).AcknowledgeAsync(request, ct);
        }
        catch (LossAcknowledgementRefusedException ex)
        {
            Console.Error.WriteLine($"REFUSED: {ex.Message}. Nothing was written.");
            return 1;
        }
        Console.WriteLine($"ACKNOWLEDGED: {result.Entry.Loss!.Describe(result.Entry.TreeSize, result.Entry.SignedAt)}");
        Console.WriteLine($"Event {result.EventId} (integrity.loss_acknowledged) appended; the signer's record {keys.SignedRecord.Location} continues from tree size {result.Entry.TreeSize}.");
        if (result.Checkpoint is { Status: CheckpointIssueStatus.Issued } issued)
            Console.WriteLine($"Signed checkpoint at tree size {issued.Checkpoint!.TreeSize}, consistent with the restored tree.");
        else if (result.Checkpoint is { } other)
            Console.WriteLine($"Checkpoint: {other.Status}{(other.Problem is null ? "" : ": " + other.Problem)} (run `auditexplorer seal` and `checkpoint` again).");
        return 0;
    }
}
