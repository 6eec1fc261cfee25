using System.Net;
using System.Text;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Tests.Integration.Integrity;

/// <summary>
/// What the Integrity page's banner asks: with the reader role and only public keys (the web app's rights), the
/// signer's record, read from its file or over http, names a rolled-back tenant and stays quiet for an intact one.
/// </summary>
[Collection(StoreCollection.Name)]
public sealed class SignerRecordWatchTests(PostgresFixture db)
{
    private readonly ChainTestbed _bed = new(db);

    private async Task<(string Tenant, long Kept, long Signed)> SignedTwiceAsync()
    {
        var tenant = await db.CreateTenantAsync("watch");
        var kept = await _bed.AppendAndSealAsync(tenant, 20);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        var signed = await _bed.AppendAndSealAsync(tenant, 7);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);
        return (tenant, kept, signed);
    }

    [Fact]
    public async Task Reader_with_the_record_file_sees_the_rollback_of_one_tenant_and_nothing_for_an_intact_one()
    {
        var (rolledBack, kept, signed) = await SignedTwiceAsync();
        var (intact, _, _) = await SignedTwiceAsync();
        var watch = new SignerRecordWatch(new SignerRecordCheck(db.ReaderSource, new SignedCheckpointFile(_bed.SignedRecordPath), _bed.Keyring), TimeProvider.System);
        Assert.Null(await watch.ForTenantAsync(rolledBack));

        await _bed.RollBackAsync(rolledBack, kept);

        var alarm = await watch.ForTenantAsync(rolledBack);
        Assert.NotNull(alarm);
        Assert.Equal(SignerRecordFindingKind.RolledBack, alarm.Finding.Kind);
        Assert.Equal(signed, alarm.Finding.RecordedSize);
        Assert.Equal(kept, alarm.Finding.DatabaseSize);
        Assert.NotNull(alarm.Finding.RecordedAt);
        Assert.Null(await watch.ForTenantAsync(intact));
        Assert.Null(await watch.ForTenantAsync(await db.CreateTenantAsync("unsigned")));
        // "Since" is the first time it was noticed, not the latest page view.
        await Task.Delay(20);
        Assert.Equal(alarm.FirstNoticedAt, (await watch.ForTenantAsync(rolledBack))!.FirstNoticedAt);
    }

    [Fact]
    public async Task Record_published_over_http_gives_the_same_alarm_and_one_that_lost_entries_is_unreadable()
    {
        var (tenant, kept, signed) = await SignedTwiceAsync();
        await _bed.RollBackAsync(tenant, kept);
        var full = await File.ReadAllTextAsync(_bed.SignedRecordPath);
        var served = full;
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var context = await listener.GetContextAsync();
                var body = Encoding.UTF8.GetBytes(served);
                await context.Response.OutputStream.WriteAsync(body);
                context.Response.Close();
            }
        });
        using var http = new HttpClient();
        var record = new PublishedSignedCheckpointRecord(new Uri($"http://127.0.0.1:{port}/checkpoints.signed.log"), http, TimeSpan.Zero);
        var check = new SignerRecordCheck(db.ReaderSource, record, _bed.Keyring);

        var alarm = await check.CheckTenantAsync(tenant);
        Assert.Equal(SignerRecordFindingKind.RolledBack, alarm?.Kind);
        Assert.Equal(signed, alarm?.RecordedSize);

        // The operator "rotates" the published record down to its first line: never a fresh start.
        served = full.Split('\n')[0] + "\n";
        var unreadable = await check.CheckTenantAsync(tenant);
        Assert.Equal(SignerRecordFindingKind.RecordUnreadable, unreadable?.Kind);
        Assert.Contains("shrank", unreadable?.Detail);
        stop.Cancel();
        listener.Stop();
        await serving.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static int FreePort()
    {
        using var socket = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
