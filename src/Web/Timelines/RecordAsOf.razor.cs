using System.Globalization;
using AuditExplorer.Data.Access;
using AuditExplorer.Data.AsOf;
using AuditExplorer.Data.Diff;
using AuditExplorer.Data.Redaction;
using AuditExplorer.Data.Timelines;
using AuditExplorer.Web.Access;
using AuditExplorer.Web.SignIn;
using Microsoft.AspNetCore.Components;

namespace AuditExplorer.Web.Timelines;

/// <summary>A record's reconstructed state at the moment in the URL (<c>?asof=</c>), read and audited once per moment.</summary>
public sealed partial class RecordAsOf : IDisposable
{
    [Parameter] public string Tenant { get; set; } = "";
    [Parameter] public string EntityType { get; set; } = "";
    [Parameter] public string EntityId { get; set; } = "";
    [Parameter] public string? AsOf { get; set; }
    [CascadingParameter] public ExplorerUser? User { get; set; }
    [CascadingParameter] public ViewerRequest? Request { get; set; }
    /// <summary>The tenant's settings, read once by the tenant gate (personal paths for redaction).</summary>
    [CascadingParameter] public AuditExplorer.Data.Store.Tenant? TenantSettings { get; set; }
    [Inject] private AuditedReads Reads { get; set; } = default!;
    [Inject] private ViewerSession Session { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private (ReconstructedState State, string? PrettyJson)? _asOf;
    private DateTimeOffset? _asOfMoment;
    private string? _asOfFailure;
    private readonly CancellationTokenSource _cts = new();

    protected override async Task OnParametersSetAsync()
    {
        DateTimeOffset? moment = DateTimeOffset.TryParse(AsOf, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var m) ? m : null;
        if (moment == _asOfMoment || User is null || TenantSettings is null || !User.CanRead(Tenant)) return;
        _asOfMoment = moment;
        _asOf = null;
        _asOfFailure = null;
        if (moment is { } at) await LoadAsOfAsync(User, at);
    }

    private void ShowAsOf(DateTimeOffset moment) =>
        Navigation.NavigateTo(Navigation.GetUriWithQueryParameter("asof", moment.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.fffffffZ", CultureInfo.InvariantCulture)));

    private async Task LoadAsOfAsync(ExplorerUser user, DateTimeOffset moment)
    {
        try
        {
            var privacy = ViewerPrivacy.For(user.SubjectId, user.Roles, TenantSettings!.PersonalPaths);
            // Replayed and printed inside the audited read: a state that cannot be shown fails before the
            // access event commits, so no view is recorded that nobody saw.
            var shown = await Reads.ReadLagTolerantAsync(Tenant, Session.For(user, Request, Tenant),
                _ => new AccessRecord("audit_log.view", EntityType, EntityId,
                    new Dictionary<string, string?> { ["view"] = "as_of", ["as_of"] = moment.ToString("O", CultureInfo.InvariantCulture) }),
                async (db, ct) =>
                {
                    var history = await RecordHistoryQuery.ReadAsync(db, Tenant, EntityType, EntityId, moment, ct);
                    // Off the circuit's thread: a deep or huge history takes a moment and the page stays responsive.
                    var personal = await AuditExplorer.Data.Erasure.PersonalValueQuery.ForHistoryAsync(db, Tenant, history, ct);
                    return await Task.Run(() => AsOfDisplay.Prepare(history, moment, privacy, personal), ct);
                },
                _cts.Token);
            _asOf = (shown.State, shown.PrettyJson);
        }
        catch (AccessNotRecordedException ex)
        {
            _asOfFailure = ex.ViewerMessage;
        }
        catch (InvalidAuditJsonException ex)
        {
            _asOfFailure = $"The state at that moment cannot be shown. {ex.Message}";
        }
        catch (InvalidJsonPathException ex)
        {
            // Fail closed: if the tenant's personal paths cannot be applied, show nothing rather than everything.
            _asOfFailure = $"The state is hidden because this tenant's personal-data settings cannot be applied. {ex.Message}";
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
