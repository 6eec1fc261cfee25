namespace AuditExplorer.Data.Integrity;

/// <summary>One piece of damage: its kind, the seq it concerns (when it has one), the event, and a sentence for people.</summary>
public sealed record DamageFinding(DamageKind Kind, long? Seq, Guid? EventId, string Detail);
