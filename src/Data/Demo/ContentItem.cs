namespace AuditExplorer.Data.Demo;

/// <summary>The current state of one demo article, contract or page, so each edit's old value is the previous new value.</summary>
internal sealed class ContentItem
{
    public required string Type { get; init; }
    public required string Id { get; init; }
    /// <summary>Escaped JSON string literal.</summary>
    public required string Title { get; set; }
    public required int[] Paragraphs { get; set; }
    /// <summary>Index into the 100 KB bodies, or -1 for a normal body.</summary>
    public int LargeBody { get; init; } = -1;
    public string Status { get; set; } = "draft";
    public required List<int> Tags { get; init; }
    public required int Author { get; set; }
    public required int Locale { get; set; }
    public int Version { get; set; } = 1;
    public List<LineItem>? LineItems { get; init; }
    /// <summary>Escaped JSON literals of the contract's customer (personal data).</summary>
    public string? CustomerName { get; init; }
    public string? CustomerEmail { get; init; }
}
