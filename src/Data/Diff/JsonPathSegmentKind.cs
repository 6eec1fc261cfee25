namespace AuditExplorer.Data.Diff;

/// <summary>What one step of a JSON path selects.</summary>
public enum JsonPathSegmentKind
{
    /// <summary>An object member by name: <c>.name</c> or <c>['odd name']</c>.</summary>
    Property,
    /// <summary>An array element by position: <c>[2]</c>.</summary>
    Index,
    /// <summary>An array element by identity value: <c>[id=42]</c>.</summary>
    Identity,
    /// <summary>Any member or element: <c>.*</c> or <c>[*]</c> (patterns only).</summary>
    Wildcard,
    /// <summary>Zero or more steps of any kind: <c>..</c> (patterns only).</summary>
    Descendants,
}
