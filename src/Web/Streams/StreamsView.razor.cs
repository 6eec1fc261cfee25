using AuditExplorer.Data.Access;
using AuditExplorer.Data.Access.Permissions;
using AuditExplorer.Data.Streams;
using AuditExplorer.Web.Access;
using AuditExplorer.Web.SignIn;
using Microsoft.AspNetCore.Components;

namespace AuditExplorer.Web.Streams;

/// <summary>A tenant's streams for its audit admin: list with state, position and lag; create, change settings, pause, resume, delete.</summary>
public sealed partial class StreamsView : IDisposable
{
    private static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(2);

    [Parameter, EditorRequired] public string Tenant { get; set; } = "";
    [CascadingParameter] public ExplorerUser? User { get; set; }
    [CascadingParameter] public ViewerRequest? Request { get; set; }
    [Inject] private StreamStore Store { get; set; } = default!;
    [Inject] private StreamDestinationFactories Factories { get; set; } = default!;
    [Inject] private ViewerSession Session { get; set; } = default!;
    [Inject] private ILogger<StreamsView> Logger { get; set; } = default!;

    private readonly CancellationTokenSource _cts = new();
    private IReadOnlyList<StreamListing> _streams = [];
    private string? _name, _url, _settings, _filter, _problem, _createdSecret, _listProblem;
    private string _kind = "webhook";
    private string _format = StreamFormats.EventJson;
    private string _privacy = StreamPrivacyLevels.Support;
    private StreamStart _start = StreamStart.Beginning;
    private PeriodicTimer? _timer;
    private Guid? _editing;

    private bool Allowed => User is not null && User.CanRead(Tenant) && User.May(ExplorerAction.ManageSettings);

    protected override async Task OnParametersSetAsync()
    {
        if (!Allowed) return;
        if (!Factories.Kinds.Contains(_kind)) _kind = Factories.Kinds.FirstOrDefault() ?? "";
        await RefreshAsync();
        if (_timer is null)
        {
            // Positions and lag move while the page is open: re-read them every few seconds.
            _timer = new PeriodicTimer(RefreshEvery);
            _ = RefreshLoopAsync(_timer);
        }
    }

    private async Task RefreshLoopAsync(PeriodicTimer timer)
    {
        var token = _cts.Token;
        try
        {
            while (await timer.WaitForNextTickAsync(token))
            {
                await InvokeAsync(async () =>
                {
                    if (token.IsCancellationRequested) return;
                    await RefreshAsync();
                    StateHasChanged();
                });
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception ex)
        {
            Logger.LogWarning(ex, "Refreshing the streams of {Tenant} failed", Tenant);
        }
    }

    // A store that does not answer leaves the last list on screen with a notice, never an empty list
    // that would claim the tenant has no streams; the refresh loop reads again on its next tick.
    private async Task RefreshAsync()
    {
        if (!Allowed) return;
        try
        {
            _streams = await Store.ListAsync(Tenant, _cts.Token);
            _listProblem = null;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or TimeoutException)
        {
            Logger.LogWarning(ex, "Listing the streams of {Tenant} failed", Tenant);
            _listProblem = "The streams could not be read: the audit store did not answer. This list is read again every few seconds.";
        }
    }

    private async Task CreateAsync()
    {
        _problem = _createdSecret = null;
        if (!Allowed) return;
        var settings = StreamSettingsText.Compose(_kind, _url, _settings, stored: null);
        await ChangeAsync(async viewer =>
        {
            var created = await Store.CreateAsync(Tenant, viewer, new NewStream(_name ?? "", _kind, settings, _filter ?? "", _format, _privacy, _start), _cts.Token);
            _createdSecret = created.Secret;
            _name = _url = _settings = _filter = null;
            return true;
        }, "The stream was not created");
    }

    private void ToggleEdit(Guid id) => _editing = _editing == id ? null : id;

    // The edit form's save: the same audit admin check as every change here; the store audits the change.
    private async Task<bool> SaveSettingsAsync(Guid id, string settings)
    {
        if (User is null || !Allowed) return false;
        var changed = await Store.ChangeSettingsAsync(Tenant, Session.For(User, Request, Tenant), id, settings, _cts.Token);
        await RefreshAsync();
        return changed;
    }

    private Task PauseAsync(Guid id) => ChangeAsync(v => Store.PauseAsync(Tenant, v, id, _cts.Token), "The stream was not paused");

    private Task ResumeAsync(Guid id) => ChangeAsync(v => Store.ResumeAsync(Tenant, v, id, _cts.Token), "The stream was not resumed");

    private Task DeleteAsync(Guid id) => ChangeAsync(v => Store.DeleteAsync(Tenant, v, id, _cts.Token), "The stream was not deleted");

    private async Task ChangeAsync(Func<Viewer, Task<bool>> change, string failed)
    {
        if (User is null || !Allowed) return;
        _problem = null;
        try
        {
            if (!await change(Session.For(User, Request, Tenant))) _problem = failed + ": it changed meanwhile (see the list).";
        }
        catch (StreamRejectedException ex)
        {
            _problem = ex.Message;
        }
        catch (AccessNotRecordedException)
        {
            _problem = failed + ": its access event could not be recorded. Nothing changed.";
        }
        await RefreshAsync();
    }

    public void Dispose()
    {
        _cts.Cancel();
        _timer?.Dispose();
        _cts.Dispose();
    }
}
