using MudBlazor;

namespace AuditExplorer.Web.Layout;

/// <summary>Colours with enough contrast for long reading sessions (WCAG AA on text).</summary>
internal static class ExplorerTheme
{
    public static readonly MudTheme Theme = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1f4e79",
            Secondary = "#5b3b8c",
            AppbarBackground = "#1f4e79",
            Success = "#1b6e33",
            Error = "#a4262c",
            Warning = "#8a5300",
            Info = "#005a9e",
        },
    };
}
