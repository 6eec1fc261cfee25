namespace AuditExplorer.Data.Demo;

/// <summary>One priced line of a demo contract; ids stay stable so diffs can match lines across edits.</summary>
internal sealed record LineItem(string Id, int Sku, int Description, int Quantity, decimal UnitPrice);
