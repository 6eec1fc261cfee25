using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.Ingest;

namespace AuditExplorer.Bench.Streams;

/// <summary>
/// Mode <c>ingest</c>: the built web app with its own database and the ingest API on (writer role), a tenant key
/// created through the store API as an audit admin (<see cref="ApiKeys.CreateAsync"/>: the same row and access event the
/// API keys page writes; the page itself needs an OIDC sign-in this harness does not run), then C clients posting
/// batches for S seconds, each with a new Idempotency-Key. The rate limit is raised so that it does not throttle.
/// </summary>
internal static class IngestBenchmark
{
    public static async Task RunAsync(BenchArgs options)
    {
        var seconds = options.Seconds("seconds", 10);
        var clients = options.Int("clients", 8);
        var batchSize = options.Int("batch", 100);

        await using var db = await BenchDatabase.CreateAsync();
        var tenant = await db.CreateTenantAsync("ingest");
        var token = await new ApiKeys(new AuditedReads(db.ReaderContexts, db.Reader), db.Reader)
            .CreateAsync(tenant, BenchDatabase.BenchAdmin, "ingest benchmark", CancellationToken.None);
        var durability = await db.DurabilityAsync();
        await using var web = await WebAppProcess.StartAsync(new Dictionary<string, string>
        {
            // Development only for the loopback OIDC settings; no sign-in happens.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["ConnectionStrings__Reader"] = db.As("auditexplorer_reader", "Maximum Pool Size=50"),
            ["ConnectionStrings__Ingest"] = db.As("auditexplorer_writer", "Maximum Pool Size=50"),
            ["Ingest__RequestsPerSecond"] = "1000000",
            ["Ingest__Burst"] = "1000000",
            ["Streams__Worker"] = "false",
            ["Oidc__Authority"] = "http://127.0.0.1:9",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ingest: {clients} clients for {seconds:0.#} s, batches of {batchSize}, to {web.BaseUrl}; {durability}; {Environment.ProcessorCount} cores; load {MachineLoad.Now()}"));

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = clients, PooledConnectionLifetime = TimeSpan.FromMinutes(10) });
        var url = $"{web.BaseUrl}/api/v1/tenants/{Uri.EscapeDataString(tenant)}/events";
        var bearer = token.ToString();
        // Warm-up, not counted: the JIT, the connection pools, the prepared statements.
        for (var i = 0; i < clients; i++)
            if (await PostAsync(http, url, bearer, Batch(batchSize, -i - 1)) is var status and not 201)
                throw new InvalidOperationException($"the warm-up batch was answered {status}, not 201; see {web.LogPath}");

        var latencies = new ConcurrentBag<double>();
        var statuses = new ConcurrentDictionary<int, int>();
        var batchNumber = 0;
        var clock = Stopwatch.StartNew();
        var until = TimeSpan.FromSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (clock.Elapsed < until)
            {
                var body = Batch(batchSize, Interlocked.Increment(ref batchNumber));
                var started = Stopwatch.GetTimestamp();
                var status = await PostAsync(http, url, bearer, body);
                latencies.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
            }
        })));
        var elapsed = clock.Elapsed.TotalSeconds;
        var accepted = statuses.GetValueOrDefault(201);
        var refused = string.Join(", ", statuses.Where(s => s.Key != 201).OrderBy(s => s.Key).Select(s => $"{s.Key}: {s.Value:N0}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  {accepted * batchSize / elapsed:N0} events/s, {latencies.Count / elapsed:N0} requests/s ({accepted:N0} batches appended in {elapsed:0.0} s); " +
            $"refused: {(refused.Length == 0 ? "none" : refused)}"));
        Console.WriteLine($"  request latency: {Percentiles.Summary([.. latencies])}; load {MachineLoad.Now()}");
        // The figure counts only what the store holds: warm-up batches plus the measured ones, no more, no fewer.
        var stored = await db.ApiKeyEventsAsync(tenant);
        var expected = (long)(accepted + clients) * batchSize;
        Console.WriteLine($"  {stored:N0} events in the store (expected {expected:N0})");
        if (stored != expected) throw new InvalidOperationException($"the store holds {stored} events sent with the key, not {expected}");
    }

    private static async Task<int> PostAsync(HttpClient http, string url, string bearer, string body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        request.Headers.Add("Idempotency-Key", Guid.NewGuid().ToString("N"));
        try
        {
            using var response = await http.SendAsync(request);
            await response.Content.ReadAsByteArrayAsync(); // a sender reads the ids it is given
            return (int)response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0; // no answer at all (connection refused or reset): shown as status 0
        }
    }

    private static string Batch(int size, int batch)
    {
        var text = new StringBuilder("[");
        for (var i = 0; i < size; i++)
        {
            if (i > 0) text.Append(',');
            text.Append(CultureInfo.InvariantCulture,
                $$$"""{"action":"invoice.update","change_kind":"update","entity_type":"invoice","entity_id":"inv-{{{(batch * size + i) % 5000}}}","old_values":{"status":"draft","total":{{{i}}}},"new_values":{"status":"sent","total":{{{i + 1}}},"batch":{{{batch}}}},"context":{"request_id":"b{{{batch}}}-{{{i}}}"}}""");
        }
        return text.Append(']').ToString();
    }
}
