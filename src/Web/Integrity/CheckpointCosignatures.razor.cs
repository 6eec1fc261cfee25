using AuditExplorer.Data.Integrity.Witness;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace AuditExplorer.Web.Integrity;

/// <summary>The recent checkpoints of a tenant and which witnesses cosigned each, verified against Checkpoints:TrustedWitnesses.</summary>
public sealed partial class CheckpointCosignatures
{
    [Parameter, EditorRequired] public string Tenant { get; set; } = "";
    [Inject] private CheckpointCosignatureQuery Query { get; set; } = default!;
    [Inject] private ILogger<CheckpointCosignatures> Logger { get; set; } = default!;

    private IReadOnlyList<WitnessedCheckpoint>? _checkpoints;
    private string? _failure;

    protected override async Task OnParametersSetAsync()
    {
        try
        {
            _checkpoints = await Query.RecentAsync(Tenant, 10);
            _failure = null;
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or FormatException or InvalidOperationException)
        {
            Logger.LogError(ex, "Cosignatures of {Tenant} could not be read", Tenant);
            _checkpoints = [];
            _failure = "The witness cosignatures could not be read right now. Try again later.";
        }
    }

    private static string KeyId(string label) => label[(label.LastIndexOf('+') + 1)..];

    private static string StatusText(CosignatureStatus status) => status switch
    {
        CosignatureStatus.Verified => "Verified",
        CosignatureStatus.Invalid => "Does not verify",
        _ => "Unknown witness",
    };

    private static Color StatusColor(CosignatureStatus status) => status switch
    {
        CosignatureStatus.Verified => Color.Success,
        CosignatureStatus.Invalid => Color.Error,
        _ => Color.Default,
    };
}
