using AuditExplorer.Data.Access;
using AuditExplorer.Data.Streams;
using Microsoft.AspNetCore.Components;

namespace AuditExplorer.Web.Streams;

/// <summary>
/// One stream's settings form: the create form's fields for its kind, prefilled with the stored settings (which hold
/// no secret: the webhook's signing secret is apart and never read here, NATS names its credentials). Checked by the
/// kind's factory before anything is saved; on success it lists what changed.
/// </summary>
public sealed partial class StreamSettingsEditor
{
    /// <summary>The stream's name, for the heading.</summary>
    [Parameter, EditorRequired] public string Name { get; set; } = "";

    /// <summary>The stream's destination kind (it cannot change).</summary>
    [Parameter, EditorRequired] public string Kind { get; set; } = "";

    /// <summary>The stream's stored settings when the form opened.</summary>
    [Parameter, EditorRequired] public string Settings { get; set; } = "{}";

    /// <summary>Saves checked settings: true when saved, false when the stream is gone or already had them.</summary>
    /// <remarks>May throw <see cref="StreamRejectedException"/> or <see cref="AccessNotRecordedException"/>; nothing was saved then.</remarks>
    [Parameter, EditorRequired] public Func<string, Task<bool>> Save { get; set; } = default!;

    /// <summary>Closes the form.</summary>
    [Parameter] public EventCallback OnClose { get; set; }

    [Inject] private StreamDestinationFactories Factories { get; set; } = default!;

    private string _stored = "{}";
    private string? _url, _json, _problem;
    private IReadOnlyList<StreamSettingChange>? _changes;

    // Prefilled once: the page re-reads its streams every few seconds, which must not overwrite what is being typed.
    protected override void OnInitialized()
    {
        _stored = Settings;
        (_url, _json) = StreamSettingsText.Prefill(Kind, Settings);
    }

    private async Task SaveAsync()
    {
        _problem = null;
        _changes = null;
        if (Factories.For(Kind) is not { } factory)
        {
            _problem = $"This installation no longer offers \"{Kind}\" destinations, so its settings cannot be checked; nothing changed.";
            return;
        }
        try
        {
            var settings = StreamSettingsCheck.Checked(factory, StreamSettingsText.Compose(Kind, _url, _json, _stored));
            var changes = StreamSettingsChanges.Between(_stored, settings);
            if (changes.Count == 0)
            {
                _problem = "These are the stream's settings already; nothing changed.";
                return;
            }
            if (!await Save(settings))
            {
                _problem = "The settings were not changed: the stream was deleted or its settings changed meanwhile (see the list).";
                return;
            }
            _stored = settings;
            _changes = changes;
        }
        catch (StreamRejectedException ex)
        {
            _problem = ex.Message;
        }
        catch (AccessNotRecordedException)
        {
            _problem = "The settings were not changed: their access event could not be recorded.";
        }
    }
}
