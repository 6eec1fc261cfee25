using AuditExplorer.Data.Access;
using AuditExplorer.Data.Access.Permissions;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Web.Access;
using AuditExplorer.Web.SignIn;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.WebUtilities;

namespace AuditExplorer.Web.Timelines;

/// <summary>
/// A timeline whose state (filter, order, page size, cursor) lives in the URL. Each distinct
/// address is read once, together with its access event; re-renders never read again.
/// </summary>
public sealed partial class TimelineView : IDisposable
{
    [Parameter, EditorRequired] public string Tenant { get; set; } = "";
    [Parameter] public TimelineFilter BaseFilter { get; set; } = new();
    /// <summary>Show rows as access-log entries (who, why, filter) instead of changes.</summary>
    [Parameter] public bool AccessLog { get; set; }
    [CascadingParameter] public ExplorerUser? User { get; set; }
    [CascadingParameter] public ViewerRequest? Request { get; set; }
    /// <summary>The tenant's settings, read once by the tenant gate (personal paths for redaction).</summary>
    [CascadingParameter] public AuditExplorer.Data.Store.Tenant? TenantSettings { get; set; }
    [Inject] private NavigationManager Navigation { get; set; } = default!;
    [Inject] private TimelineQuery Query { get; set; } = default!;
    [Inject] private AuditedReads Reads { get; set; } = default!;
    [Inject] private ViewerSession Session { get; set; } = default!;
    [Inject] private ILogger<TimelineView> Logger { get; set; } = default!;

    private TimelineAddress? _address;
    private TimelinePage? _page;
    private string? _failure;
    private bool _failureIsCursor;
    private bool _loading;
    private string? _loadedKey;
    private CancellationTokenSource _cts = new();

    protected override void OnInitialized() => Navigation.LocationChanged += OnLocationChanged;

    protected override Task OnParametersSetAsync() => LoadAsync();

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e) =>
        _ = InvokeAsync(async () =>
        {
            try { await LoadAsync(); }
            catch (Exception ex) { await DispatchExceptionAsync(ex); }
        });

    private async Task LoadAsync()
    {
        if (User is null) return;
        var uri = Navigation.ToAbsoluteUri(Navigation.Uri);
        var query = QueryHelpers.ParseQuery(uri.Query).ToDictionary(q => q.Key, q => (string?)q.Value.ToString());
        var address = TimelineAddress.Parse(query, BaseFilter);
        // Only the timeline's own state counts: other query values on the page do not re-read it.
        var key = Tenant + "|" + uri.AbsolutePath + "|" + BaseFilter.Fingerprint() + address.ToQuery(BaseFilter);
        if (key == _loadedKey) return;
        _loadedKey = key;
        _address = address;
        _failure = null;
        _loading = true;
        await _cts.CancelAsync();
        _cts = new CancellationTokenSource();
        var ct = _cts.Token;
        try
        {
            if (address.Rejections.Count > 0)
            {
                (_failure, _failureIsCursor, _page) = (string.Join(" ", address.Rejections), false, null);
                return;
            }
            TimelineFilterPermissions.Demand(User.Roles, address.Filter);
            var privacy = ViewerPrivacy.For(User.SubjectId, User.Roles, TenantSettings?.PersonalPaths ?? []);
            var page = await Reads.ReadLagTolerantAsync(Tenant, Session.For(User, Request, Tenant),
                page => TimelineAccess.Describe(Tenant, address, page),
                (db, token) => Query.ReadAsync(db, Tenant, address.Filter, address.Cursor, address.PageSize, token), ct);
            _page = privacy.Show(page);
        }
        catch (ActionRefusedException ex)
        {
            (_failure, _failureIsCursor, _page) = (ex.Message, false, null);
        }
        catch (InvalidCursorException ex)
        {
            (_failure, _failureIsCursor, _page) = (ex.Message, true, null);
        }
        catch (AccessNotRecordedException ex)
        {
            Logger.LogError(ex, "Access event refused for tenant {Tenant}", Tenant);
            (_failure, _failureIsCursor, _page) = (ex.ViewerMessage, false, null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return;
        }
        finally
        {
            _loading = false;
        }
    }

    private string PathWithout => Navigation.ToAbsoluteUri(Navigation.Uri).AbsolutePath;

    private void Apply(TimelineAddress address) =>
        Navigation.NavigateTo(PathWithout + (address with { Cursor = null }).ToQuery(BaseFilter));

    private void FirstPage() => Navigation.NavigateTo(PathWithout + (_address! with { Cursor = null }).ToQuery(BaseFilter));

    private void Move(string cursor) => Navigation.NavigateTo(PathWithout + (_address! with { Cursor = cursor }).ToQuery(BaseFilter));

    private void ChangePageSize(int size) =>
        Navigation.NavigateTo(PathWithout + (_address! with { PageSize = size, Cursor = null }).ToQuery(BaseFilter));

    public void Dispose()
    {
        Navigation.LocationChanged -= OnLocationChanged;
        _cts.Cancel();
        _cts.Dispose();
    }
}
