namespace AuditExplorer.Data.Integrity;

/// <summary>One signature line of a C2SP signed note: key name, 32-bit key id, signature bytes.</summary>
public sealed record NoteSignature(string KeyName, uint KeyId, byte[] Signature)
{
    /// <summary>"— name base64(key id ‖ signature)" followed by a newline.</summary>
    public string ToLine()
    {
        var blob = new byte[4 + Signature.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(blob, KeyId);
        Signature.CopyTo(blob, 4);
        return $"\u2014 {KeyName} {Convert.ToBase64String(blob)}\n";
    }
}
