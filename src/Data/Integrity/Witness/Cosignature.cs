using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// The C2SP tlog-cosignature/v1 Ed25519 form: signature type 0x04, key id = SHA-256(name ‖ "\n" ‖ 0x04 ‖ key)[:4],
/// signed message "cosignature/v1\ntime &lt;POSIX seconds&gt;\n" followed by the whole checkpoint note text, and the
/// signature bytes of the note line = 8-byte big-endian timestamp ‖ 64-byte Ed25519 signature.
/// </summary>
public static class Cosignature
{
    /// <summary>Signed-note signature type of Ed25519 cosignatures (timestamped, cosignature/v1).</summary>
    public const byte Type = 0x04;

    /// <summary>Length of the note signature after the key id: timestamp and Ed25519 signature.</summary>
    public const int SignatureLength = 8 + 64;

    /// <summary>The exact bytes the cosigner signs for <paramref name="checkpointText"/> at <paramref name="timestamp"/>.</summary>
    public static byte[] SignedMessage(string checkpointText, long timestamp)
    {
        if (timestamp < 0) throw new ArgumentOutOfRangeException(nameof(timestamp), "a cosignature timestamp is not negative");
        return Encoding.UTF8.GetBytes("cosignature/v1\ntime " + timestamp.ToString(CultureInfo.InvariantCulture) + "\n" + checkpointText);
    }

    /// <summary>The key id of an Ed25519 cosigner key under <paramref name="name"/>.</summary>
    public static uint KeyId(string name, ReadOnlySpan<byte> publicKey)
    {
        var input = new byte[Encoding.UTF8.GetByteCount(name) + 2 + publicKey.Length];
        var n = Encoding.UTF8.GetBytes(name, input);
        input[n] = 0x0A;
        input[n + 1] = Type;
        publicKey.CopyTo(input.AsSpan(n + 2));
        return BinaryPrimitives.ReadUInt32BigEndian(SHA256.HashData(input));
    }

    /// <summary>The timestamp a cosignature line carries (its first 8 bytes), or null when it is not cosignature-shaped.</summary>
    public static long? TimestampOf(NoteSignature signature) =>
        signature.Signature.Length == SignatureLength ? (long)BinaryPrimitives.ReadUInt64BigEndian(signature.Signature) : null;
}
