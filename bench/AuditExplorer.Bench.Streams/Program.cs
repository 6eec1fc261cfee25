using AuditExplorer.Bench.Streams;

// Stream and ingest benchmarks on loopback (docs/benchmarks.md, "Commands"). Every figure is printed with the load
// average: measure alone, other builds or tests on the machine move the figures by 2-5x.
//   dotnet run -c Release --project bench/AuditExplorer.Bench.Streams -- [mode] [options]
var named = args.Length > 0 && !args[0].StartsWith("--", StringComparison.Ordinal);
var mode = named ? args[0] : "destinations";
var options = new BenchArgs(named ? args[1..] : args);
try
{
    switch (mode)
    {
        case "destinations": await DestinationThroughput.RunAsync(options); break;
        case "webhook": await WebhookThroughput.RunAsync(options); break;
        case "lag": await StreamLagBenchmark.RunAsync(options); break;
        case "ingest": await IngestBenchmark.RunAsync(options); break;
        default: return Usage();
    }
    return 0;
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: AuditExplorer.Bench.Streams [mode] [options]      (PostgreSQL on 127.0.0.1:55432, superuser postgres)
          destinations [--events 200000] [--batch 500] [--body 600]           (default mode)
              syslog (real rsyslog) and NATS JetStream (real nats-server) throughput
          webhook [--events 100000] [--batch 500] [--body 600] [--concurrency 1]
              WebhookDestination to a loopback Kestrel receiver that verifies every HMAC signature
          lag [--rate 2000] [--seconds 60] [--writers 4] [--per-commit 1] [--seal-interval 0.25] [--poll-interval 0.25] [--drain 30]
              steady appends as the writer role, the real sealing loop and stream worker, a webhook stream to the
              loopback receiver; lag = arrival at the receiver - commit of the append
          ingest [--seconds 10] [--clients 8] [--batch 100]
              the built web app (src/Web/bin/Release) with its own database; batches posted to the ingest API
        lag and ingest create their own database and drop it at the end.
        """);
    return 2;
}
