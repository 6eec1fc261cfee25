using AuditExplorer.Data.Integrity;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace AuditExplorer.Web.Integrity;

/// <summary>
/// The rollback/fork alarm on the Integrity page. Renders nothing when the app is not given the signer's record
/// (`Checkpoints:SignedRecordPath`) or when the database holds everything the signer recorded for the tenant.
/// </summary>
public sealed partial class SignerRecordBanner
{
    [Parameter, EditorRequired] public string Tenant { get; set; } = "";
    [Inject] private IServiceProvider Services { get; set; } = default!;
    [Inject] private IOptions<IntegritySettings> Settings { get; set; } = default!;
    [Inject] private ILogger<SignerRecordBanner> Logger { get; set; } = default!;

    private SignerRecordAlarm? _alarm;
    private string? _failure;

    // Only http(s) links: a configured value never becomes a script URL.
    private string? RunbookUrl =>
        Uri.TryCreate(Settings.Value.RunbookUrl, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? url.ToString() : null;

    protected override async Task OnParametersSetAsync()
    {
        (_alarm, _failure) = (null, null);
        if (Services.GetService<SignerRecordWatch>() is not { } watch) return;
        try
        {
            _alarm = await watch.ForTenantAsync(Tenant);
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or TimeoutException)
        {
            Logger.LogError(ex, "The signer's record could not be compared with the database for {Tenant}", Tenant);
            _failure = "The database could not be compared with the signer's record just now, so a rollback or fork would not show here. Reload the page; if it keeps failing, tell your administrator.";
        }
    }

    private static string Headline(SignerRecordFinding f) => f.Kind switch
    {
        SignerRecordFindingKind.RolledBack => $"This tenant's audit log was rolled back from size {f.RecordedSize:N0} to "
            + (f.DatabaseSize is { } size ? $"{size:N0}" : "no checkpoint at all")
            + ": the database no longer holds a checkpoint the signer signed.",
        SignerRecordFindingKind.Forked => $"This tenant's audit log was forked at size {f.RecordedSize:N0}: the database holds another history than the one the signer signed.",
        _ => "The signer's record cannot be checked for this tenant, so a rollback or fork would go unnoticed.",
    };
}
