using System.Text;

namespace AuditExplorer.Data.Diff;

/// <summary>
/// A path kept as a chain of steps back to the root, so descending one level costs one small object
/// instead of copying the whole path string (which would be quadratic in deeply nested documents).
/// </summary>
internal sealed class PathTrail
{
    public static readonly PathTrail Root = new(null, default, 0);

    private PathTrail(PathTrail? parent, JsonPathSegment segment, int depth)
    {
        Parent = parent;
        Segment = segment;
        Depth = depth;
    }

    public PathTrail? Parent { get; }

    public JsonPathSegment Segment { get; }

    public int Depth { get; }

    public PathTrail Then(JsonPathSegment segment) => new(this, segment, Depth + 1);

    /// <summary>The steps from the root down to this point.</summary>
    public JsonPathSegment[] ToSegments()
    {
        var segments = new JsonPathSegment[Depth];
        for (var node = this; node.Parent is not null; node = node.Parent)
        {
            segments[node.Depth - 1] = node.Segment;
        }
        return segments;
    }

    public override string ToString()
    {
        var text = new StringBuilder("$");
        foreach (var segment in ToSegments())
        {
            segment.AppendTo(text);
        }
        return text.ToString();
    }
}
