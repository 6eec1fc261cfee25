using AuditExplorer.Data.Diff;
using Microsoft.AspNetCore.Components;

namespace AuditExplorer.Web.Diff;

/// <summary>
/// Shows what an event changed (Fields | Text tabs). It receives only the comparison the data core already
/// redacted for the viewer (see ViewerPrivacy), never the stored values, so nothing personal can reach a
/// render batch through it.
/// </summary>
public partial class ChangeViewer
{
    private int _activeTab;

    /// <summary>The redacted comparison to show; null together with <see cref="Problem"/> when there is none.</summary>
    [Parameter]
    public ChangeComparison? Comparison { get; set; }

    /// <summary>Why the values cannot be shown (invalid JSON, unusable personal-data settings).</summary>
    [Parameter]
    public string? Problem { get; set; }

    /// <summary>Layout the text tab starts in.</summary>
    [Parameter]
    public TextDiffLayout InitialLayout { get; set; } = TextDiffLayout.SideBySide;

    /// <summary>Raised when the user switches the text layout.</summary>
    [Parameter]
    public EventCallback<TextDiffLayout> LayoutChanged { get; set; }

    private bool HasRedactions => Comparison?.Fields.Any(f => f.IsRedacted) == true;
}
