using System.Text;
using AuditExplorer.Data.Streams;

namespace AuditExplorer.Tests.Integration.Streams;

/// <summary>Formatted events as the stream worker hands them to a destination.</summary>
internal static class TestStreamMessages
{
    public static readonly DateTimeOffset Start = new(2026, 3, 4, 5, 6, 7, TimeSpan.Zero);

    /// <summary>A deterministic event id per tenant and seq, so duplicates of a retried event carry the same id.</summary>
    public static Guid IdOf(string tenant, long seq) =>
        new(System.Security.Cryptography.MD5.HashData(Encoding.UTF8.GetBytes($"{tenant}:{seq}")));

    public static StreamMessage Message(string tenant, long seq, string? body = null) =>
        new(tenant, seq, IdOf(tenant, seq), Start.AddMilliseconds(seq).AddTicks(seq % 10 * 10),
            Encoding.UTF8.GetBytes(body ?? $"{{\"action\":\"contract.publish\",\"tenant\":\"{tenant}\",\"seq\":{seq},\"new\":{{\"title\":\"Vertrag Nr. {seq} für Müller\"}}}}"),
            "application/json");

    public static List<StreamMessage> Batch(string tenant, long fromSeq, int count, int padding = 0) =>
        Enumerable.Range(0, count)
            .Select(i => fromSeq + i)
            .Select(seq => padding == 0 ? Message(tenant, seq) : Message(tenant, seq, $"{{\"action\":\"contract.publish\",\"seq\":{seq},\"pad\":\"{new string('x', padding)}\"}}"))
            .ToList();
}
