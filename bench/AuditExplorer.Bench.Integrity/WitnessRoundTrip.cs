using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Bench.Integrity;

/// <summary>
/// "Checkpoint + witness cosign round trip": a few new events sealed, then the checkpoint signed and cosigned by a
/// witness over real loopback HTTP (its state fsynced as in production). Reports p50/p95 of sign + cosign.
/// </summary>
internal static class WitnessRoundTrip
{
    public static async Task RunAsync(BenchDatabase db, string tenant, CheckpointKeys keys, int rounds)
    {
        var dir = Directory.CreateTempSubdirectory("ae-bench-witness-").FullName;
        using var witnessKey = WitnessSigningKey.Generate("bench.witness/w1");
        using var state = WitnessStateFile.Open(Path.Combine(dir, "witness.state"));
        var witness = new CheckpointWitness(witnessKey, keys.Keyring, state);
        var port = FreePort();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        using var stop = new CancellationTokenSource();
        var serving = ServeAsync(listener, witness, stop.Token);
        using var http = new HttpClient();
        var sealerConnection = db.Source("auditexplorer_sealer");
        var cosigner = new CheckpointCosigner(sealerConnection, [new ConfiguredWitness(new Uri($"http://127.0.0.1:{port}/"), witnessKey.VerifierKey)], http);
        var issuer = new CheckpointIssuer(sealerConnection, keys);
        var sealer = new EventSealer(sealerConnection);
        await cosigner.CosignLatestAsync(tenant); // first sight: the witness learns the current size

        var times = new List<double>();
        for (var i = 0; i < rounds; i++)
        {
            await db.BulkLoadAsync(tenant, 10);
            await sealer.SealPendingAsync(tenant);
            var clock = Stopwatch.StartNew();
            var issued = await issuer.IssueAsync(tenant);
            var cosigned = await cosigner.CosignLatestAsync(tenant);
            times.Add(clock.Elapsed.TotalMilliseconds);
            if (!cosigned.All(c => c.Cosigned)) throw new InvalidOperationException($"not cosigned: {string.Join("; ", cosigned.Select(c => c.Problem))} ({issued.Status})");
        }
        stop.Cancel();
        listener.Stop();
        await serving;
        times.Sort();
        Console.WriteLine($"| checkpoint + witness cosign round trip (loopback HTTP) | p50 {times[times.Count / 2]:0.0} ms, p95 {times[Math.Min(times.Count - 1, (int)(times.Count * 0.95))]:0.0} ms | n={times.Count} |");
        Directory.Delete(dir, true);
    }

    private static async Task ServeAsync(HttpListener listener, CheckpointWitness witness, CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (ct.IsCancellationRequested)
            {
                return;
            }
            using var reader = new StreamReader(context.Request.InputStream, Encoding.UTF8);
            var answer = witness.AddCheckpoint(await reader.ReadToEndAsync(ct));
            var bytes = Encoding.UTF8.GetBytes(answer.Body);
            context.Response.StatusCode = answer.Status;
            context.Response.ContentType = answer.ContentType;
            await context.Response.OutputStream.WriteAsync(bytes, ct);
            context.Response.Close();
        }
    }

    private static int FreePort()
    {
        using var socket = new TcpListener(IPAddress.Loopback, 0);
        socket.Start();
        return ((IPEndPoint)socket.LocalEndpoint).Port;
    }
}
