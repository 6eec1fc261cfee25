using AuditExplorer.Data.Erasure;
using AuditExplorer.Web.SignIn;
using Microsoft.AspNetCore.Components;
using Npgsql;

namespace AuditExplorer.Web.Erasure;

/// <summary>A tenant's personal-data paths; changes go through the store's audited functions.</summary>
public sealed partial class PersonalDataPathsView
{
    [Parameter, EditorRequired] public string Tenant { get; set; } = "";
    [CascadingParameter] public ExplorerUser? User { get; set; }
    [Inject] private PersonalDataPaths Paths { get; set; } = default!;
    [Inject] private ILogger<PersonalDataPathsView> Logger { get; set; } = default!;

    private IReadOnlyList<PersonalDataPath>? _paths;
    private string? _path;
    private string? _subjectPath;
    private string? _reason;
    private string? _removing;
    private string? _removeReason;
    private string? _problem;
    private string? _done;

    protected override Task OnParametersSetAsync() => RefreshAsync();

    private async Task RefreshAsync()
    {
        if (User is not null && User.CanRead(Tenant) && User.May(AuditExplorer.Data.Access.Permissions.ExplorerAction.ManageSettings))
            _paths = await Paths.ListAsync(Tenant);
    }

    private Task SetAsync() =>
        ChangeAsync(() => Paths.SetAsync(Tenant, new PersonalDataPath(_path ?? "", _subjectPath ?? ""), _reason ?? "", User!.SubjectId),
            $"Values at {_path?.Trim()} in events appended from now on are kept apart from the hashed bytes.", () => (_path, _subjectPath, _reason) = (null, null, null));

    private void BeginRemove(string path) => (_removing, _removeReason) = (path, null);

    private Task RemoveAsync(string path) =>
        ChangeAsync(() => Paths.RemoveAsync(Tenant, path, _removeReason ?? "", User!.SubjectId),
            $"{path} is no longer treated as personal data.", () => _removing = null);

    // The store checks the input and refuses with a message meant for the user (AE057); anything else is logged and
    // shown as a generic failure, never as a raw exception.
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
        catch (PersonalDataPathRefusedException ex)
        {
            (_problem, _done) = (ex.Message, null);
        }
        catch (NpgsqlException ex)
        {
            Logger.LogError(ex, "Personal-data path change for {Tenant} failed", Tenant);
            (_problem, _done) = ("The change could not be saved (the audit store did not answer). Try again; if it keeps failing, tell your administrator.", null);
        }
    }
}
