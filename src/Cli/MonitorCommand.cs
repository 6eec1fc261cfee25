using System.Net.Http.Headers;
using System.Text.Json;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Publication;

namespace AuditExplorer.Cli;

/// <summary>
/// `monitor`: run by a tenant (or anyone it gives a token), outside the operator. Fetches the tenant's latest
/// published checkpoint, verifies its signature with the key the tenant pinned, and checks it extends the last
/// checkpoint this monitor accepted. Exit 0 healthy, 1 rollback / fork / bad signature, 4 the log did not answer,
/// 5 (with --witness-key) the latest checkpoint lacks the required witness cosignatures.
/// </summary>
internal sealed class MonitorCommand : ICliCommand
{
    public string Name => "monitor";
    public string Summary => "Watch a tenant's published checkpoints: --url U --tenant T --key K|--key-file F --state FILE [--token T] [--witness-key W]... [--witness-quorum N].";

    public async Task<int> RunAsync(CliArguments args, CancellationToken ct)
    {
        var url = args.Get("url") ?? throw new CliUsageException("--url is required (the explorer's address, e.g. https://audit.example.com)");
        var tenant = args.Get("tenant") ?? throw new CliUsageException("--tenant is required");
        var statePath = args.Get("state") ?? throw new CliUsageException("--state is required: the file where this monitor keeps the checkpoints it has seen");
        var token = args.Get("token") ?? Environment.GetEnvironmentVariable("AUDITEXPLORER_MONITOR_TOKEN")
            ?? throw new CliUsageException("--token (or AUDITEXPLORER_MONITOR_TOKEN) is required: create one with `auditexplorer monitor-token`");
        var keys = CheckpointPublicKeys.Given(args).ToList();
        if (keys.Count == 0) throw new CliUsageException("--key or --key-file is required: the monitor trusts only the key you pinned");

        var witnesses = WitnessKeyOptions.From(args);
        string? latestNote = null;
        using var http = new HttpClient { BaseAddress = new Uri(url.TrimEnd('/') + "/"), Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var api = $"api/v1/tenants/{Uri.EscapeDataString(tenant)}/";
        var monitor = new CheckpointMonitor(new CheckpointKeyring(keys), new MonitorStateFile(statePath));
        MonitorResult result;
        try
        {
            result = await monitor.RunAsync(tenant,
                async token => latestNote = await GetAsync(http, api + "checkpoint", token),
                async (from, to, token) => ParseProof(await GetAsync(http, $"{api}consistency?from={from}&to={to}", token)),
                ct);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"monitor: the log at {url} did not answer: {ex.Message}");
            return 4;
        }
        catch (FormatException ex)
        {
            Console.Error.WriteLine($"monitor: {ex.Message}");
            return 2;
        }
        Console.WriteLine(result.Message);
        if (!result.IsHealthy) return 1;
        if (witnesses.Required && latestNote is not null)
        {
            // Consistency with what this monitor saw is not enough against a split view: independent witnesses must have seen it too.
            var witnessed = witnesses.Check(latestNote);
            if (!witnessed.Met)
            {
                Console.WriteLine($"{(witnessed.Invalid ? "BAD COSIGNATURE" : "NOT WITNESSED")}: {witnessed.Problem}.");
                return witnessed.Invalid ? 1 : WitnessKeyOptions.NotWitnessed;
            }
            Console.WriteLine($"Witnessed by {string.Join(", ", witnessed.Valid.Select(c => c.KeyLabel))}.");
        }
        return 0;
    }

    private static async Task<string> GetAsync(HttpClient http, string path, CancellationToken ct)
    {
        using var response = await http.GetAsync(path, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        if (!response.IsSuccessStatusCode)
            throw new HttpRequestException($"GET {path} answered {(int)response.StatusCode}: {body}");
        return body;
    }

    private static ConsistencyProof ParseProof(string json)
    {
        try
        {
            using var doc = JsonDocument.Parse(json);
            var root = doc.RootElement;
            var path = root.GetProperty("proof").EnumerateArray().Select(p => Convert.FromBase64String(p.GetString() ?? "")).ToList();
            return new ConsistencyProof(root.GetProperty("old_size").GetInt64(), root.GetProperty("new_size").GetInt64(), path);
        }
        catch (Exception ex) when (ex is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException($"the consistency proof is not in the documented form: {ex.Message}", ex);
        }
    }
}
