namespace AuditExplorer.Data.Export;

/// <summary>One DSSE signature: the key hint (unauthenticated) and the signature bytes.</summary>
public sealed record DsseSignature(string KeyId, byte[] Sig);
