namespace AuditExplorer.Data.Erasure;

/// <summary>One row of audit.personal_values as views need it: the commitment (hex) and the value's JSON text.</summary>
public sealed record PersonalValueRow(string Commitment, string ValueText);
