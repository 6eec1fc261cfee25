using System.Diagnostics;
using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Store;

namespace AuditExplorer.Bench.Integrity;

/// <summary>The .NET side alone: canonical bytes + chain hash + leaf hash per event, without the database.</summary>
internal static class HashingThroughput
{
    public static void Run(int count)
    {
        var start = DateTimeOffset.UtcNow.AddDays(-1);
        var events = Enumerable.Range(0, count).Select(i => new AuditEvent
        {
            TenantId = "bench", Id = Guid.CreateVersion7(), OccurredAt = start.AddMilliseconds(i), RecordedAt = start.AddMilliseconds(i),
            ActorId = "u" + i % 97, ActorKind = "user", Action = "contract.update", ChangeKind = "update", EntityType = "contract",
            EntityId = (i % 1000).ToString(),
            OldValues = $"{{\"amount\": {i - 1}, \"status\": \"draft\", \"currency\": \"EUR\"}}",
            NewValues = $"{{\"amount\": {i}, \"note\": \"renewed {i}\", \"status\": \"active\", \"currency\": \"EUR\"}}",
            Context = $"{{\"ip\": \"203.0.113.7\", \"request_id\": \"{Guid.NewGuid():N}\", \"auth_method\": \"oidc\"}}",
        }).ToList();

        var writer = new CanonicalJsonWriter();
        var prev = EventChainHash.Genesis();
        var cpuAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < events.Count; i++)
        {
            writer.Reset();
            EventCanonicalForm.Write(writer, events[i], i + 1);
            prev = EventChainHash.Compute(writer.WrittenSpan, prev);
            MerkleHasher.HashLeaf(writer.WrittenSpan);
        }
        var single = events.Count / clock.Elapsed.TotalSeconds;
        var perCpuSecond = events.Count / (Process.GetCurrentProcess().TotalProcessorTime - cpuAtStart).TotalSeconds;

        clock.Restart();
        Parallel.For(0, events.Count, () => new CanonicalJsonWriter(), (i, _, w) =>
        {
            w.Reset();
            EventCanonicalForm.Write(w, events[i], i + 1);
            EventChainHash.Compute(w.WrittenSpan, prev);
            MerkleHasher.HashLeaf(w.WrittenSpan);
            return w;
        }, _ => { });
        var parallel = events.Count / clock.Elapsed.TotalSeconds;
        Console.WriteLine($"| canonical bytes + chain + leaf hash, in memory ({count:N0} events, ~{writer.WrittenSpan.Length} bytes each) | {single:N0} events/s wall on one thread ({perCpuSecond:N0} per CPU-second), {parallel:N0} events/s wall on all cores | |");
    }
}
