using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;
using Microsoft.AspNetCore.Components;

namespace AuditExplorer.Web.Diff;

/// <summary>
/// Shows what an event changed (Fields | Text tabs) from its old and new JSON, redacting personal data on the
/// server before rendering. Large documents are compared off the circuit's thread so the UI stays responsive.
/// </summary>
public partial class ChangeViewer
{
    /// <summary>Documents smaller than this (old + new, in characters) are compared inline: no loading flash.</summary>
    public const int BackgroundThreshold = 64 * 1024;

    private (string? Old, string? New, RedactionPolicy? Policy) _compared;
    private int _generation;
    private ChangeComparison? _comparison;
    private string? _error;
    private int _activeTab;

    /// <summary>The event's old values (JSON), or null for a create.</summary>
    [Parameter]
    public string? OldJson { get; set; }

    /// <summary>The event's new values (JSON), or null for a delete.</summary>
    [Parameter]
    public string? NewJson { get; set; }

    /// <summary>The viewer's redaction policy; required so nothing is shown unredacted by omission.</summary>
    [Parameter, EditorRequired]
    public RedactionPolicy Policy { get; set; } = null!;

    /// <summary>Layout the text tab starts in.</summary>
    [Parameter]
    public TextDiffLayout InitialLayout { get; set; } = TextDiffLayout.SideBySide;

    /// <summary>Raised when the user switches the text layout.</summary>
    [Parameter]
    public EventCallback<TextDiffLayout> LayoutChanged { get; set; }

    private bool HasRedactions => _comparison?.Fields.Any(f => f.IsRedacted) == true;

    /// <inheritdoc />
    protected override async Task OnParametersSetAsync()
    {
        if (Policy is null)
        {
            throw new InvalidOperationException($"{nameof(ChangeViewer)} needs a {nameof(RedactionPolicy)}.");
        }
        var inputs = (OldJson, NewJson, Policy);
        // Re-rendering the parent must not recompute a 1 MB diff: only new inputs do.
        if (_compared.Policy is not null && _compared.Old == OldJson && _compared.New == NewJson && _compared.Policy == Policy)
        {
            return;
        }
        _compared = inputs;
        var generation = ++_generation;
        _comparison = null;
        _error = null;

        var (comparison, error) = (OldJson?.Length ?? 0) + (NewJson?.Length ?? 0) < BackgroundThreshold
            ? Compare(inputs)
            : await Task.Run(() => Compare(inputs));
        // Parameters may have changed while a large comparison ran; only the latest result is shown.
        if (generation == _generation)
        {
            (_comparison, _error) = (comparison, error);
        }
    }

    private static (ChangeComparison?, string?) Compare((string? Old, string? New, RedactionPolicy Policy) inputs)
    {
        try
        {
            return (ChangeComparison.Build(inputs.Old, inputs.New, inputs.Policy), null);
        }
        catch (InvalidAuditJsonException ex)
        {
            return (null, $"These values cannot be compared. {ex.Message}");
        }
        catch (InvalidJsonPathException ex)
        {
            // Fail closed: if the tenant's personal paths cannot be applied, show nothing rather than everything.
            return (null, $"Values are hidden because this tenant's personal-data settings cannot be applied. {ex.Message}");
        }
    }
}
