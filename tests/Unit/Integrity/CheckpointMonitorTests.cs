using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Publication;

namespace AuditExplorer.Tests.Unit.Integrity;

public sealed class CheckpointMonitorTests : IDisposable
{
    private readonly string _state = Path.Combine(Path.GetTempPath(), "monitor-" + Guid.NewGuid().ToString("N") + ".jsonl");
    private readonly CheckpointSigningKey _key = CheckpointSigningKey.Generate("log.example");
    private readonly CheckpointSigningKey _otherKey = CheckpointSigningKey.Generate("log.example");

    // A published log: the leaves it claims, notes signed over their tree, proofs computed the RFC 6962 way.
    private sealed class PublishedLog(CheckpointSigningKey key, List<byte[]> leaves)
    {
        public List<byte[]> Leaves { get; } = leaves;
        public string Note() => key.SignCheckpoint(new CheckpointBody("log.example/acme", Leaves.Count, NaiveMerkleTree.Mth(Leaves))).ToString();
        public ConsistencyProof Proof(long from, long to) => new(from, to, NaiveMerkleTree.Proof((int)from, Leaves.Take((int)to).ToList()));
    }

    private static List<byte[]> Leaves(int count, int salt = 0) => Enumerable.Range(salt, count).Select(NaiveMerkleTree.Leaf).ToList();

    private Task<MonitorResult> Run(PublishedLog log, CheckpointSigningKey? trusted = null) =>
        new CheckpointMonitor(new CheckpointKeyring([(trusted ?? _key).VerifierKey]), new MonitorStateFile(_state))
            .RunAsync("acme", _ => Task.FromResult(log.Note()), (f, t, _) => Task.FromResult(log.Proof(f, t)), CancellationToken.None);

    [Fact]
    public async Task An_honest_log_that_grows_stays_healthy_run_after_run()
    {
        var log = new PublishedLog(_key, Leaves(5));
        Assert.Equal(MonitorVerdict.FirstSeen, (await Run(log)).Verdict);
        Assert.Equal(MonitorVerdict.Unchanged, (await Run(log)).Verdict);

        log.Leaves.AddRange(Leaves(8, 100));
        var grew = await Run(log);

        Assert.Equal(MonitorVerdict.Grew, grew.Verdict);
        Assert.True(grew.IsHealthy);
        Assert.Equal(13, new MonitorStateFile(_state).Latest("acme")!.TreeSize);
    }

    [Fact]
    public async Task A_log_that_drops_its_newest_events_is_reported_rolled_back()
    {
        await Run(new PublishedLog(_key, Leaves(9)));

        var result = await Run(new PublishedLog(_key, Leaves(6)));

        Assert.Equal(MonitorVerdict.RolledBack, result.Verdict);
        Assert.False(result.IsHealthy);
        Assert.Contains("ROLLED BACK", result.Message);
        Assert.Equal(9, new MonitorStateFile(_state).Latest("acme")!.TreeSize); // the bad tree is not remembered
    }

    [Fact]
    public async Task A_rewritten_history_is_reported_forked_whether_it_grew_or_not()
    {
        await Run(new PublishedLog(_key, Leaves(7)));

        var sameSize = await Run(new PublishedLog(_key, Leaves(7, 50)));
        var grown = await Run(new PublishedLog(_key, [.. Leaves(7, 50), .. Leaves(3, 90)]));

        Assert.Equal(MonitorVerdict.Forked, sameSize.Verdict);
        Assert.Equal(MonitorVerdict.Forked, grown.Verdict);
    }

    [Fact]
    public async Task A_checkpoint_signed_by_another_key_is_refused()
    {
        var result = await Run(new PublishedLog(_otherKey, Leaves(4)));

        Assert.Equal(MonitorVerdict.BadSignature, result.Verdict);
        Assert.Null(new MonitorStateFile(_state).Latest("acme"));
    }

    public void Dispose()
    {
        _key.Dispose();
        _otherKey.Dispose();
        File.Delete(_state);
    }
}
