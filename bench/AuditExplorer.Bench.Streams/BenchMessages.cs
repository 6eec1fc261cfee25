using System.Text;
using AuditExplorer.Data.Streams;

namespace AuditExplorer.Bench.Streams;

/// <summary>Formatted stream messages of one body shape, about as large as a typical event JSON with its hashes.</summary>
internal static class BenchMessages
{
    public static StreamMessage[] Create(int events, int bodyBytes)
    {
        var pad = new string('x', Math.Max(0, bodyBytes - 120));
        return [.. Enumerable.Range(1, events).Select(seq => new StreamMessage("acme", seq, Guid.CreateVersion7(), DateTimeOffset.UtcNow,
            Encoding.UTF8.GetBytes($"{{\"action\":\"contract.update\",\"tenant\":\"acme\",\"seq\":{seq},\"hash\":\"{new string('a', 64)}\",\"pad\":\"{pad}\"}}"),
            "application/json"))];
    }
}
