using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Tests.Integration.Integrity.Witness;

/// <summary>The real `auditexplorer witness` process over HTTP: it cosigns the sealer's checkpoints and remembers them across a restart.</summary>
[Collection(StoreCollection.Name)]
public sealed class WitnessServiceTests(PostgresFixture db) : IDisposable
{
    private readonly ChainTestbed _bed = new(db);
    private readonly string _dir = Directory.CreateTempSubdirectory("ae-witness-svc-").FullName;

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public async Task The_witness_service_cosigns_over_http_and_after_a_restart_still_refuses_to_go_back()
    {
        using var key = WitnessSigningKey.Generate("witness.test/svc");
        var keyFile = Path.Combine(_dir, "witness.pem");
        await File.WriteAllTextAsync(keyFile, key.ExportPem());
        var url = $"http://127.0.0.1:{FreePort()}/";
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        var cosigner = new CheckpointCosigner(db.SealerSource, [new ConfiguredWitness(new Uri(url), key.VerifierKey)], http);
        var tenant = await db.CreateTenantAsync("svc");
        await _bed.AppendAndSealAsync(tenant, 9);
        Assert.Equal(CheckpointIssueStatus.Issued, (await _bed.CheckpointAsync(tenant)).Status);

        var first = StartWitness(keyFile, url);
        WitnessSubmission cosigned;
        try
        {
            await WaitListeningAsync(first);
            cosigned = Assert.Single(await cosigner.CosignLatestAsync(tenant));
        }
        finally
        {
            first.Process.Kill(entireProcessTree: true);
            await first.Process.WaitForExitAsync();
        }
        var second = StartWitness(keyFile, url);
        HttpResponseMessage replay;
        string replayBody;
        try
        {
            await WaitListeningAsync(second);
            // The same checkpoint from size 0, as a log that forgot (or hides) what the witness saw.
            var note = (await ChainTestbed.ScalarAsync<string>(db.Owner, "select note from audit.checkpoints where tenant_id = $1", tenant));
            replay = await http.PostAsync(url + "add-checkpoint", new StringContent(new AddCheckpointRequest(0, [], note).ToBody(), Encoding.UTF8));
            replayBody = await replay.Content.ReadAsStringAsync();
        }
        finally
        {
            second.Process.Kill(entireProcessTree: true);
            await second.Process.WaitForExitAsync();
        }

        Assert.True(cosigned.Cosigned, cosigned.Problem + "\n" + first.Output);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        Assert.Equal("9\n", replayBody);
        Assert.Equal("text/x.tlog.size", replay.Content.Headers.ContentType?.MediaType);
    }

    private sealed record Running(Process Process, StringBuilder Log)
    {
        public string Output { get { lock (Log) return Log.ToString(); } }
    }

    private Running StartWitness(string keyFile, string url)
    {
        var dll = Path.Combine(RepoRoot(), "src", "Cli", "bin", "Release", "net10.0", "auditexplorer.dll");
        Assert.True(File.Exists(dll), $"build the solution first: {dll} is missing");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { dll, "witness", "--name", "witness.test/svc", "--key-file", keyFile, "--log-key", _bed.Key.VerifierKey.ToString(),
                     "--state", Path.Combine(_dir, "witness.state"), "--listen", url })
            start.ArgumentList.Add(a);
        var log = new StringBuilder();
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new Running(process, log);
    }

    private static async Task WaitListeningAsync(Running witness)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!witness.Output.Contains("listening on", StringComparison.Ordinal))
        {
            if (witness.Process.HasExited || DateTime.UtcNow > deadline) throw new InvalidOperationException($"the witness did not start:\n{witness.Output}");
            await Task.Delay(100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "AuditExplorer.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("AuditExplorer.sln not found above the test binaries");
    }
}
