using AuditExplorer.Data.Diff;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AuditExplorer.Web.Diff;

/// <summary>Side-by-side or inline line diff with a keyboard-reachable layout toggle; long diffs are virtualized.</summary>
public partial class TextDiffView
{
    /// <summary>Longest line shown; the rest is summarised so one huge string value cannot bloat the page.</summary>
    public const int LineLimit = 10_000;

    private const string NumberStyle =
        "text-align: right; padding: 0 6px; color: #5f6368; user-select: none; white-space: nowrap; vertical-align: top;";

    private const string LineStyle = "white-space: pre; padding: 0 6px; vertical-align: top;";

    private TextDiffLayout _layout;
    private ICollection<SideBySideLine> _sideBySide = [];
    private ICollection<InlineLine> _inline = [];

    /// <summary>The line diff to show (canonical, already redacted texts).</summary>
    [Parameter, EditorRequired]
    public TextDiffModel Model { get; set; } = TextDiffModel.Empty;

    /// <summary>Layout shown first; the user can switch afterwards.</summary>
    [Parameter]
    public TextDiffLayout InitialLayout { get; set; } = TextDiffLayout.SideBySide;

    /// <summary>Raised when the user switches layout (e.g. to keep it in the URL).</summary>
    [Parameter]
    public EventCallback<TextDiffLayout> LayoutChanged { get; set; }

    /// <summary>Above this many lines only the visible lines are rendered.</summary>
    [Parameter]
    public int VirtualizeAbove { get; set; } = 200;

    private string LayoutName => _layout == TextDiffLayout.SideBySide ? "side by side" : "inline";

    /// <inheritdoc />
    protected override void OnInitialized() => _layout = InitialLayout;

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        _sideBySide = Model.SideBySide as ICollection<SideBySideLine> ?? [.. Model.SideBySide];
        _inline = Model.Inline as ICollection<InlineLine> ?? [.. Model.Inline];
    }

    private async Task ShowAsync(TextDiffLayout layout)
    {
        if (_layout == layout)
        {
            return;
        }
        _layout = layout;
        await LayoutChanged.InvokeAsync(layout);
    }

    private Variant VariantFor(TextDiffLayout layout) => _layout == layout ? Variant.Filled : Variant.Outlined;

    private string PressedFor(TextDiffLayout layout) => _layout == layout ? "true" : "false";

    private static string LineText(string text) => DiffStyles.Preview(text, LineLimit);
}
