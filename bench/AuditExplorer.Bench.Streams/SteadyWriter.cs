using System.Diagnostics;
using System.Text.Json;
using Npgsql;

namespace AuditExplorer.Bench.Streams;

/// <summary>
/// Appends events on a fixed schedule (commit k is due at k × per-commit / rate seconds after the start), shared by
/// several writer tasks: an open-loop load, so a slow commit makes the next ones late instead of lowering the rate
/// silently. Each event's new values carry its number (<c>bench_n</c>) for the receiver.
/// </summary>
internal sealed class SteadyWriter(NpgsqlDataSource writer, string tenant, int rate, int perCommit, int commits)
{
    private readonly long _start = Stopwatch.GetTimestamp();
    private int _next = -1;
    private long _worstLateTicks;

    public TimeSpan WorstLateness => Stopwatch.GetElapsedTime(0, Interlocked.Read(ref _worstLateTicks));

    /// <summary>Takes the next due commit until all are done; stores each event's commit time in <paramref name="committed"/>.</summary>
    public async Task RunAsync(long[] committed)
    {
        int k;
        while ((k = Interlocked.Increment(ref _next)) < commits)
        {
            var due = _start + (long)((double)k * perCommit * Stopwatch.Frequency / rate);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1)) await Task.Delay(wait);
            var late = Stopwatch.GetTimestamp() - due;
            if (late > Interlocked.Read(ref _worstLateTicks)) Interlocked.Exchange(ref _worstLateTicks, late);
            var first = k * perCommit + 1;
            await AppendAsync(first);
            var done = Stopwatch.GetTimestamp();
            for (var n = first; n < first + perCommit; n++) committed[n] = done;
        }
    }

    // One autocommitted statement: its return is the commit the application would see.
    private async Task AppendAsync(int first)
    {
        await using var conn = await writer.OpenConnectionAsync();
        await using var cmd = perCommit == 1
            ? new NpgsqlCommand("select audit.append_event($1, 'svc-bench', 'service', 'contract.update', 'update', 'contract', $2, null, $3::jsonb, $4::jsonb)", conn)
            : new NpgsqlCommand("select audit.append_events($1::jsonb)", conn);
        if (perCommit == 1)
        {
            cmd.Parameters.AddWithValue(tenant);
            cmd.Parameters.AddWithValue((first % 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));
            cmd.Parameters.AddWithValue(Values(first));
            cmd.Parameters.AddWithValue("""{"request_id": "bench", "auth_method": "service"}""");
        }
        else
        {
            cmd.Parameters.AddWithValue(JsonSerializer.Serialize(Enumerable.Range(first, perCommit).Select(n => new Dictionary<string, object>
            {
                ["tenant_id"] = tenant, ["actor_id"] = "svc-bench", ["actor_kind"] = "service", ["action"] = "contract.update",
                ["change_kind"] = "update", ["entity_type"] = "contract", ["entity_id"] = (n % 1000).ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["new_values"] = JsonDocument.Parse(Values(n)).RootElement, ["context"] = new { request_id = "bench", auth_method = "service" },
            })));
        }
        await cmd.ExecuteNonQueryAsync();
    }

    private static string Values(int n) => $$"""{"bench_n": {{n}}, "status": "active", "amount": {{n % 977}}, "note": "renewed by the steady writer"}""";
}
