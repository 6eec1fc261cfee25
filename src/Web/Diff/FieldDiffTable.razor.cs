using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;
using Microsoft.AspNetCore.Components;

namespace AuditExplorer.Web.Diff;

/// <summary>Table of field changes (path, kind, old and new value); long lists are virtualized.</summary>
public partial class FieldDiffTable
{
    /// <summary>Longest value or path shown in a cell; the rest is summarised so a 1 MB value cannot bloat the page.</summary>
    public const int ValueLimit = 4_000;

    private ICollection<FieldChange> _rows = [];

    /// <summary>The changes to show, already redacted for the viewer.</summary>
    [Parameter, EditorRequired]
    public IReadOnlyList<FieldChange> Changes { get; set; } = [];

    /// <summary>Accessible name of the table.</summary>
    [Parameter]
    public string Caption { get; set; } = "Field changes";

    /// <summary>Above this many rows only the visible rows are rendered.</summary>
    [Parameter]
    public int VirtualizeAbove { get; set; } = 100;

    private bool IsVirtualized => _rows.Count > VirtualizeAbove;

    /// <inheritdoc />
    protected override void OnParametersSet()
    {
        // Virtualize needs an ICollection; copy only when the caller's list is not one.
        _rows = Changes as ICollection<FieldChange> ?? [.. Changes];
    }

    private static bool IsWhollyRedacted(FieldChange change, string value) =>
        change.IsRedacted && value == PersonalDataRedactor.MarkerJson;
}
