namespace AuditExplorer.Data.Integrity;

/// <summary>A tenant's contradiction with the signer's record and when this process first noticed it.</summary>
public sealed record SignerRecordAlarm(SignerRecordFinding Finding, DateTimeOffset FirstNoticedAt);
