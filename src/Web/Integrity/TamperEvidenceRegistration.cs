using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Web.Integrity;

internal static class TamperEvidenceRegistration
{
    /// <summary>Sealer, checkpoint signing and verification, with the keys from configuration section "Checkpoints".</summary>
    public static void AddTamperEvidence(this IHostApplicationBuilder builder)
    {
        var reader = builder.Configuration.GetConnectionString("Reader")!;
        var sealerConnection = builder.Configuration.GetConnectionString("Sealer")
            ?? throw new InvalidOperationException("ConnectionStrings:Sealer is not configured (see appsettings.json).");
        var keyOptions = builder.Configuration.GetSection("Checkpoints").Get<CheckpointKeyOptions>() ?? new CheckpointKeyOptions();
        if (string.IsNullOrWhiteSpace(keyOptions.KeyPath)) keyOptions.KeyPath = null;
        var keys = CheckpointKeys.Load(keyOptions);
        builder.Services.AddSingleton(keys);
        builder.Services.AddSingleton(keys.Keyring);
        builder.Services.AddSingleton(new EventSealer(sealerConnection));
        builder.Services.AddSingleton(sp => new CheckpointIssuer(sealerConnection, keys, sp.GetRequiredService<ILogger<CheckpointIssuer>>()));
        builder.Services.AddSingleton(new SignerRecordCheck(sealerConnection, keys.SignedRecord, keys.Keyring));
        builder.Services.AddHealthChecks().AddCheck<SignerRecordHealthCheck>("signer-record", tags: ["ready", "integrity"]);
        builder.Services.AddSingleton(new ChainVerifier(reader, keys.Keyring));
        builder.Services.AddSingleton(new IntegrityStatusQuery(reader));
        builder.Services.Configure<IntegritySettings>(builder.Configuration.GetSection("Integrity"));
        if (builder.Configuration.GetValue("Integrity:RunSealer", true))
            builder.Services.AddHostedService<SealingService>();
    }
}
