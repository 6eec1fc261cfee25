using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Data.Export;

/// <summary>
/// A DSSE envelope (github.com/secure-systems-lab/dsse, v1): payload type, base64 payload and signatures
/// over PAE(type, payload) = "DSSEv1" SP LEN(type) SP type SP LEN(payload) SP payload, lengths as ASCII
/// decimal byte counts. This log signs with one Ed25519 key and names it by its key label.
/// </summary>
public sealed record DsseEnvelope(string PayloadType, byte[] Payload, IReadOnlyList<DsseSignature> Signatures)
{
    /// <summary>The payload type of an in-toto Statement.</summary>
    public const string InTotoPayloadType = "application/vnd.in-toto+json";

    /// <summary>The pre-authentication encoding that is signed.</summary>
    public static byte[] Pae(string payloadType, ReadOnlySpan<byte> payload)
    {
        var type = Encoding.UTF8.GetBytes(payloadType);
        var head = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"DSSEv1 {type.Length} "));
        var mid = Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $" {payload.Length} "));
        return [.. head, .. type, .. mid, .. payload];
    }

    /// <summary>Signs <paramref name="payload"/> with the export key.</summary>
    public static DsseEnvelope Sign(string payloadType, byte[] payload, ExportSigningKey key) =>
        new(payloadType, payload, [new DsseSignature(key.VerifierKey.Label, key.Sign(Pae(payloadType, payload)))]);

    /// <summary>True when some signature verifies with <paramref name="key"/> (an Ed25519 key; the keyid is only a hint).</summary>
    public bool IsSignedBy(CheckpointVerifierKey key)
    {
        if (key.SignatureType != CheckpointVerifierKey.Ed25519Type) return false;
        var pae = Pae(PayloadType, Payload);
        var publicKey = NSec.Cryptography.PublicKey.Import(NSec.Cryptography.SignatureAlgorithm.Ed25519, key.PublicKey, NSec.Cryptography.KeyBlobFormat.RawPublicKey);
        return Signatures.Any(s => s.Sig.Length == 64 && NSec.Cryptography.SignatureAlgorithm.Ed25519.Verify(publicKey, pae, s.Sig));
    }

    /// <summary>The JSON envelope, members in the order the DSSE envelope spec shows them.</summary>
    public byte[] ToJsonBytes() => JsonSerializer.SerializeToUtf8Bytes(new JsonObject
    {
        ["payload"] = Convert.ToBase64String(Payload),
        ["payloadType"] = PayloadType,
        ["signatures"] = new JsonArray(Signatures.Select(s => (JsonNode)new JsonObject { ["keyid"] = s.KeyId, ["sig"] = Convert.ToBase64String(s.Sig) }).ToArray()),
    }, new JsonSerializerOptions { WriteIndented = true });

    /// <summary>Reads an envelope; payload, payloadType and every sig are required (standard base64). Throws <see cref="FormatException"/>.</summary>
    public static DsseEnvelope Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { AllowDuplicateProperties = false }) as JsonObject
                ?? throw new FormatException("is not a JSON object");
            var type = root["payloadType"]?.GetValue<string>() ?? throw new FormatException("has no payloadType");
            var payload = Convert.FromBase64String(root["payload"]?.GetValue<string>() ?? throw new FormatException("has no payload"));
            var signatures = (root["signatures"] as JsonArray ?? throw new FormatException("has no signatures array"))
                .Select(s => new DsseSignature(s?["keyid"]?.GetValue<string>() ?? "",
                    Convert.FromBase64String(s?["sig"]?.GetValue<string>() ?? throw new FormatException("has a signature without sig"))))
                .ToList();
            return new DsseEnvelope(type, payload, signatures);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw new FormatException($"is not a DSSE envelope: {ex.Message}");
        }
    }
}
