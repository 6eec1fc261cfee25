using System.Security.Cryptography;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Unit.Integrity;

public sealed class SignedCheckpointFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ae-record-").FullName;

    private string RecordPath => Path.Combine(_dir, "key.pem.signed.log");

    private static SignedCheckpointEntry Entry(string tenant, long size) =>
        new(tenant, size, SHA256.HashData(BitConverter.GetBytes(size)), DateTimeOffset.UtcNow, $"log/{tenant}\n{size}\nroot\n\n\u2014 log/{tenant} sig\n");

    [Fact]
    public async Task Record_keeps_the_largest_checkpoint_per_tenant_across_instances()
    {
        var record = new SignedCheckpointFile(RecordPath);
        await record.AppendAsync(Entry("acme", 10), default);
        await record.AppendAsync(Entry("globex", 3), default);
        await record.AppendAsync(Entry("acme", 25), default);

        var reopened = new SignedCheckpointFile(RecordPath);

        Assert.Equal(25, (await reopened.LatestAsync("acme", default))!.TreeSize);
        Assert.Equal(3, (await reopened.LatestAsync("globex", default))!.TreeSize);
        Assert.Null(await reopened.LatestAsync("initech", default));
        Assert.Equal(3, File.ReadAllLines(RecordPath).Length);
        Assert.Equal(3, SignedCheckpointFile.Parse(File.ReadAllText(RecordPath)).Count);
    }

    [Fact]
    public async Task A_torn_last_line_is_ignored_but_a_garbled_line_is_an_error()
    {
        var record = new SignedCheckpointFile(RecordPath);
        await record.AppendAsync(Entry("acme", 10), default);
        File.AppendAllText(RecordPath, "{\"tenant\":\"acme\",\"tree_si");

        Assert.Equal(10, (await new SignedCheckpointFile(RecordPath).LatestAsync("acme", default))!.TreeSize);

        File.AppendAllText(RecordPath, "\n");
        await Assert.ThrowsAsync<FormatException>(() => new SignedCheckpointFile(RecordPath).LatestAsync("acme", default));
    }

    [Fact]
    public async Task A_record_that_shrank_or_vanished_is_never_taken_for_a_fresh_start()
    {
        var record = new SignedCheckpointFile(RecordPath);
        await record.AppendAsync(Entry("acme", 10), default);
        await record.AppendAsync(Entry("acme", 20), default);
        var lines = File.ReadAllLines(RecordPath);
        File.WriteAllText(RecordPath, lines[0] + "\n");

        await Assert.ThrowsAsync<InvalidDataException>(() => record.LatestAsync("acme", default));
        File.Delete(RecordPath);
        await Assert.ThrowsAsync<InvalidDataException>(() => record.LatestAsync("acme", default));
    }

    public void Dispose() => Directory.Delete(_dir, true);
}
