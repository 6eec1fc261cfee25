using System.Buffers.Binary;

namespace AuditExplorer.Data.Demo;

/// <summary>
/// UUID version 7 whose timestamp is the event's time. The random bits come from the seeded
/// generator (Guid.CreateVersion7 uses a cryptographic source), so a seed reproduces the ids.
/// </summary>
internal static class DemoUuid
{
    public static Guid Version7(DateTime utc, Random rng)
    {
        Span<byte> bytes = stackalloc byte[16];
        rng.NextBytes(bytes[6..]);
        var ms = (ulong)(utc - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerMillisecond;
        BinaryPrimitives.WriteUInt64BigEndian(bytes[..8], (ms << 16) | BinaryPrimitives.ReadUInt16BigEndian(bytes[6..8]));
        bytes[6] = (byte)(0x70 | (bytes[6] & 0x0F));
        bytes[8] = (byte)(0x80 | (bytes[8] & 0x3F));
        return new Guid(bytes, bigEndian: true);
    }
}
