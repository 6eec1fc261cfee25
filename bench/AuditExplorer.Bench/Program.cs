using AuditExplorer.Bench;

using var cts = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

var options = new BenchOptions(args.Skip(1));
try
{
    return args.FirstOrDefault() switch
    {
        "write-overhead" => await WriteOverheadBenchmark.RunAsync(options, cts.Token),
        "seed" => await SeedBenchmark.RunAsync(options, cts.Token),
        "timelines" => await TimelineBenchmark.RunAsync(options, cts.Token),
        "bulk-import" => await BulkImportBenchmark.RunAsync(options, cts.Token),
        "personal-split" => await PersonalSplitBenchmark.RunAsync(options, cts.Token),
        _ => Usage(),
    };
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: auditexplorer-bench <verb> [options]     (PostgreSQL on 127.0.0.1:55432, superuser postgres)
          write-overhead [--seconds 10] [--clients 8]
              a business UPDATE with and without audit.append_event in the same transaction
          seed [--events 1000000] [--tenants 50] [--writers 2] [--keep]
              seed-demo throughput into a fresh database
          timelines [--events 1000000] [--tenants 5] [--depth 150000] [--keep | --database ae_bench_...] [--service-only [--reps 200] [--words]]
              keyset vs OFFSET at the first page and deep, through SQL and the query service;
              word search; access-event overhead at 1 and 16 readers
          bulk-import [--events 50000] [--rounds 5]
              one transaction importing N records: COPY alone, audited with N append_event
              calls, audited with one append_events call
          personal-split [--seconds 10]
              audit.append_event with personal paths split into commitments vs without
        Each verb creates its own database and drops it at the end.
        """);
    return 2;
}
