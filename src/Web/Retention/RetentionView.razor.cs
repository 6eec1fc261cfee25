using AuditExplorer.Data.Retention;
using AuditExplorer.Web.SignIn;
using Microsoft.AspNetCore.Components;
using Npgsql;

namespace AuditExplorer.Web.Retention;

/// <summary>A tenant's retention period, legal holds and coming expiries; changes go through the store's audited functions.</summary>
public sealed partial class RetentionView
{
    [Parameter, EditorRequired] public string Tenant { get; set; } = "";
    [CascadingParameter] public ExplorerUser? User { get; set; }
    [Inject] private RetentionSettings Settings { get; set; } = default!;
    [Inject] private ILogger<RetentionView> Logger { get; set; } = default!;

    private RetentionOverview? _overview;
    private string? _period;
    private string? _periodReason;
    private string _scope = LegalHoldScope.Tenant;
    private string? _entityType;
    private string? _entityId;
    private string? _actorId;
    private string? _caseId;
    private string? _holdReason;
    private Guid? _releasing;
    private string? _releaseReason;
    private string? _problem;
    private string? _done;

    protected override Task OnParametersSetAsync() => RefreshAsync();

    private async Task RefreshAsync() => _overview = await Settings.OverviewAsync(Tenant);

    private Task SetPeriodAsync()
    {
        if (RetentionPeriodText.TryParseMonths(_period) is not { } months)
        {
            (_problem, _done) = ("Write the period as years or months, e.g. 7y or 18m.", null);
            return Task.CompletedTask;
        }
        return ChangeAsync(() => Settings.SetPeriodAsync(Tenant, months, null, _periodReason ?? "", Actor),
            $"Events are now kept {RetentionPeriodText.Format(months)}.", () => (_period, _periodReason) = (null, null));
    }

    private Task PlaceHoldAsync() =>
        ChangeAsync(() => Settings.PlaceHoldAsync(Tenant, new LegalHoldRequest(_scope, _holdReason ?? "")
            {
                EntityType = _scope == LegalHoldScope.Record ? _entityType : null,
                EntityId = _scope == LegalHoldScope.Record ? _entityId : null,
                ActorId = _scope == LegalHoldScope.Actor ? _actorId : null,
                CaseId = _scope == LegalHoldScope.Case ? _caseId : null,
            }, Actor),
            "Legal hold placed.", () => (_holdReason, _entityType, _entityId, _actorId, _caseId) = (null, null, null, null, null));

    private void BeginRelease(Guid holdId) => (_releasing, _releaseReason) = (holdId, null);

    private Task ReleaseAsync(Guid holdId) =>
        ChangeAsync(() => Settings.ReleaseHoldAsync(Tenant, holdId, _releaseReason ?? "", Actor), "Legal hold released.", () => _releasing = null);

    private RetentionActor Actor => new(User!.SubjectId);

    // The store checks the input and refuses with a message meant for the user (AE041–AE043); anything
    // else is logged and shown as a generic failure, never as a raw exception.
    private async Task ChangeAsync(Func<Task> change, string done, Action clear)
    {
        if (User is null || !User.CanRead(Tenant) || !User.May(AuditExplorer.Data.Access.Permissions.ExplorerAction.ManageSettings)) return;
        try
        {
            await change();
            (_problem, _done) = (null, done);
            clear();
            await RefreshAsync();
        }
        catch (RetentionRefusedException ex)
        {
            (_problem, _done) = (ex.Message, null);
        }
        catch (NpgsqlException ex)
        {
            Logger.LogError(ex, "Retention change for {Tenant} failed", Tenant);
            (_problem, _done) = ("The change could not be saved (the audit store did not answer). Try again; if it keeps failing, tell your administrator.", null);
        }
    }
}
