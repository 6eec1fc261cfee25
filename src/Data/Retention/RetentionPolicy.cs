namespace AuditExplorer.Data.Retention;

/// <summary>A tenant's retention period and the minimum it may not go below, in months; SetAt is null for the built-in default.</summary>
public sealed record RetentionPolicy(string TenantId, int PeriodMonths, int MinimumMonths, string? SetBy, DateTimeOffset? SetAt, string? Reason)
{
    /// <summary>Seven years, the period of a tenant that never set one.</summary>
    public const int DefaultPeriodMonths = 84;
}
