using AuditExplorer.Data.Access;
using AuditExplorer.Data.Access.Permissions;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Web.SignIn;
using AuditExplorer.Web.Access;
using Microsoft.AspNetCore.Components;

namespace AuditExplorer.Web.Events;

/// <summary>
/// One event in full: fields, context, what changed, and its correlated events (one audited read). The stored
/// event never becomes component state: only what <see cref="ViewerPrivacy"/> lets this viewer see is kept.
/// </summary>
public sealed partial class EventDetailView : IDisposable
{
    [Parameter] public string Tenant { get; set; } = "";
    [Parameter] public Guid Id { get; set; }
    [CascadingParameter] public ExplorerUser? User { get; set; }
    [CascadingParameter] public ViewerRequest? Request { get; set; }
    /// <summary>The tenant's settings, read once by the tenant gate (personal paths for redaction).</summary>
    [CascadingParameter] public Tenant? TenantSettings { get; set; }
    [Inject] private AuditedReads Reads { get; set; } = default!;
    [Inject] private ViewerSession Session { get; set; } = default!;
    [Inject] private ILogger<EventDetailView> Logger { get; set; } = default!;

    private EventForViewer? _view;
    private string? _failure;
    private (string, Guid)? _loaded;
    private readonly CancellationTokenSource _cts = new();

    private string TenantPath => "/t/" + Uri.EscapeDataString(Tenant);
    private string RecordPath(string type, string id) => $"{TenantPath}/records/{Uri.EscapeDataString(type)}/{Uri.EscapeDataString(id)}";

    protected override async Task OnParametersSetAsync()
    {
        if (User is null || TenantSettings is null || !User.CanRead(Tenant) || _loaded == (Tenant, Id)) return;
        _loaded = (Tenant, Id);
        (_view, _failure) = (null, null);
        try
        {
            var privacy = ViewerPrivacy.For(User.SubjectId, User.Roles, TenantSettings.PersonalPaths);
            var detail = await Reads.ReadLagTolerantAsync(Tenant, Session.For(User, Request, Tenant),
                found => new AccessRecord("audit_log.view",
                    found?.Event.EntityType ?? "event", found?.Event.EntityId ?? Id.ToString(),
                    new Dictionary<string, string?> { ["view"] = "event", ["event_id"] = Id.ToString(), ["found"] = (found is not null).ToString() }),
                (db, ct) => EventDetailQuery.ReadAsync(db, Tenant, Id, ct),
                _cts.Token);
            if (detail is null)
                _failure = "There is no event with this id in this tenant. Check the link, or search the tenant's timeline.";
            else if (detail.Event.ChangeKind == ChangeKinds.Access && !User.May(ExplorerAction.ViewAccessLog))
                _failure = ActionRefusedException.MessageFor(ExplorerAction.ViewAccessLog);
            else
                _view = await privacy.ShowAsync(detail, _cts.Token);
        }
        catch (AccessNotRecordedException ex)
        {
            Logger.LogError(ex, "Access event refused for tenant {Tenant}", Tenant);
            _failure = ex.ViewerMessage;
        }
        catch (OperationCanceledException) when (_cts.IsCancellationRequested)
        {
        }
    }

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
