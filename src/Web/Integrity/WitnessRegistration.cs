using AuditExplorer.Web.Hosting;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Web.Integrity;

/// <summary>Witness settings of the web app (configuration section "Checkpoints", see <see cref="WitnessOptions"/>).</summary>
internal static class WitnessRegistration
{
    /// <summary>The Integrity page's cosignature list, checked against Checkpoints:TrustedWitnesses.</summary>
    public static void AddCheckpointCosignatures(this IServiceCollection services, IConfiguration configuration)
    {
        var options = configuration.GetSection("Checkpoints").Get<WitnessOptions>() ?? new WitnessOptions();
        var trusted = options.TrustedWitnesses.Where(k => !string.IsNullOrWhiteSpace(k)).Select(WitnessVerifierKey.Parse).ToList();
        services.AddSingleton(sp => new CheckpointCosignatureQuery(sp.DataSource(DatabaseRole.Reader), trusted));
    }

    /// <summary>For the one-process demo sealer only: submit checkpoints to Checkpoints:Witnesses (and AUDITEXPLORER_WITNESSES).</summary>
    public static void AddWitnessSubmission(this IServiceCollection services)
    {
        services.AddHttpClient(nameof(CheckpointCosigner), c => c.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IConfiguration>().GetSection("Checkpoints").Get<WitnessOptions>() ?? new WitnessOptions();
            return new CheckpointCosigner(sp.DataSource(DatabaseRole.Sealer), options.Resolve(),
                sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(CheckpointCosigner)), sp.GetRequiredService<ILogger<CheckpointCosigner>>());
        });
    }
}
