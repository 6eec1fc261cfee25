using AuditExplorer.Data.Integrity;
using AuditExplorer.Web.SignIn;
using Microsoft.AspNetCore.Components;

namespace AuditExplorer.Web.Integrity;

/// <summary>A tenant's chain, backlog, checkpoints and verifications, with "verify now" and its progress.</summary>
public sealed partial class IntegrityView : IDisposable
{
    [Parameter, EditorRequired] public string Tenant { get; set; } = "";
    [CascadingParameter] public ExplorerUser? User { get; set; }
    [Inject] private IntegrityStatusQuery Status { get; set; } = default!;
    [Inject] private ChainVerifier Verifier { get; set; } = default!;
    [Inject] private ILogger<IntegrityView> Logger { get; set; } = default!;

    private IntegrityStatus? _status;
    private IReadOnlyList<VerificationSummary> _history = [];
    private VerificationReport? _report;
    private bool _running;
    private double _progress;
    private string? _progressText;
    private string? _failure;
    private CancellationTokenSource _cts = new();

    protected override Task OnParametersSetAsync() => RefreshAsync();

    private async Task RefreshAsync()
    {
        _status = await Status.GetAsync(Tenant, _cts.Token);
        _history = await Status.HistoryAsync(Tenant, 20, _cts.Token);
    }

    private async Task VerifyAsync(VerificationMode mode)
    {
        if (User is null || !User.May(AuditExplorer.Data.Access.Permissions.ExplorerAction.RunVerification)) return;
        (_running, _report, _failure, _progress, _progressText) = (true, null, null, 0, "Starting…");
        var progress = new Progress<VerificationProgress>(p => _ = InvokeAsync(() =>
        {
            _progress = p.Fraction;
            _progressText = $"{p.Checked:N0} of {p.Total:N0} events checked";
            StateHasChanged();
        }));
        try
        {
            _report = await Task.Run(() => Verifier.VerifyAsync(Tenant, mode, new VerificationActor(User.SubjectId, "user"), progress, _cts.Token));
            await RefreshAsync();
        }
        catch (OperationCanceledException)
        {
            _failure = "Verification was cancelled; nothing was recorded as verified.";
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException)
        {
            Logger.LogError(ex, "Verification of {Tenant} failed to run", Tenant);
            _failure = "The verification could not run (the audit store did not answer). Try again; if it keeps failing, tell your administrator.";
        }
        finally
        {
            _running = false;
        }
    }

    private void Cancel()
    {
        _cts.Cancel();
        _cts = new CancellationTokenSource();
    }

    private static string Age(TimeSpan age) =>
        age.TotalSeconds < 90 ? $"{age.TotalSeconds:0} s" : age.TotalMinutes < 90 ? $"{age.TotalMinutes:0} min" : $"{age.TotalHours:0.#} h";

    public void Dispose()
    {
        _cts.Cancel();
        _cts.Dispose();
    }
}
