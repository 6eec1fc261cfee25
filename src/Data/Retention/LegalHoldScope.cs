namespace AuditExplorer.Data.Retention;

/// <summary>What a legal hold covers (the store's scope column).</summary>
public static class LegalHoldScope
{
    public const string Tenant = "tenant";
    public const string Record = "record";
    public const string Actor = "actor";
    public const string Case = "case";

    /// <summary>Every scope, in the order forms list them.</summary>
    public static readonly IReadOnlyList<string> All = [Tenant, Record, Actor, Case];
}
