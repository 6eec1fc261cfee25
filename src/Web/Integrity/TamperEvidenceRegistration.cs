using AuditExplorer.Web.Hosting;
using AuditExplorer.Data.Store;
using AuditExplorer.Data.Integrity;

namespace AuditExplorer.Web.Integrity;

internal static class TamperEvidenceRegistration
{
    /// <summary>
    /// Verification and integrity status for the web app. With `Integrity:RunSealer` off (production), the app
    /// loads only public keys (`Checkpoints:TrustedKeys`) and never reads the sealer's connection string or the
    /// private key: `auditexplorer seal --watch` seals and signs. With it on (the one-process demo), the sealer,
    /// signer and the signer-record alarm run here too.
    /// </summary>
    public static void AddTamperEvidence(this IHostApplicationBuilder builder)
    {
        var keyOptions = builder.Configuration.GetSection("Checkpoints").Get<CheckpointKeyOptions>() ?? new CheckpointKeyOptions();
        if (string.IsNullOrWhiteSpace(keyOptions.KeyPath)) keyOptions.KeyPath = null;
        builder.Services.Configure<IntegritySettings>(builder.Configuration.GetSection("Integrity"));

        CheckpointKeyring keyring;
        // The record the app may check acknowledged losses against; null when it is given none.
        ISignedCheckpointRecord? signerRecord = null;
        if (builder.Configuration.GetValue("Integrity:RunSealer", false))
        {
            if (!builder.Services.HasDatabaseRole(DatabaseRole.Sealer))
                throw new InvalidOperationException("Integrity:RunSealer is on but ConnectionStrings:Sealer is not configured (see appsettings.json).");
            var keys = CheckpointKeys.Load(keyOptions);
            keyring = keys.Keyring;
            signerRecord = keys.SignedRecord;
            builder.Services.AddSingleton(keys);
            builder.Services.AddSingleton(sp => new EventSealer(sp.DataSource(DatabaseRole.Sealer)));
            builder.Services.AddSingleton(sp => new CheckpointIssuer(sp.DataSource(DatabaseRole.Sealer), keys, sp.GetRequiredService<ILogger<CheckpointIssuer>>()));
            AddSignerRecordAlarm(builder, sp => new SignerRecordCheck(sp.DataSource(DatabaseRole.Sealer), keys.SignedRecord, keys.Keyring));
            builder.Services.AddWitnessSubmission();
            builder.Services.AddHostedService<SealingService>();
        }
        else
        {
            keyring = new CheckpointKeyring(keyOptions.TrustedKeys.Select(CheckpointVerifierKey.Parse));
            // The signer's record holds only public signed notes: the web app may read it (a file the signer
            // writes, or its published URL) to raise the rollback/fork alarm without holding the key.
            if (keyOptions.SignedRecordPath is { Length: > 0 } source)
            {
                var record = ReadOnlyRecord(source);
                signerRecord = record;
                AddSignerRecordAlarm(builder, sp => new SignerRecordCheck(sp.DataSource(DatabaseRole.Reader), record, keyring));
            }
        }
        builder.Services.AddSingleton(keyring);
        builder.Services.AddSingleton(sp => new ChainVerifier(sp.DataSource(DatabaseRole.Reader), keyring));
        builder.Services.AddSingleton(sp => new IntegrityStatusQuery(sp.DataSource(DatabaseRole.Reader)));
        builder.Services.AddSingleton(sp => new AcknowledgedLossQuery(sp.DataSource(DatabaseRole.Reader)));
        builder.Services.AddSingleton(new AcknowledgedLossConfirmation(signerRecord, keyring));
        builder.Services.AddCheckpointCosignatures(builder.Configuration);
    }

    private static void AddSignerRecordAlarm(IHostApplicationBuilder builder, Func<IServiceProvider, SignerRecordCheck> check)
    {
        builder.Services.AddSingleton(check);
        builder.Services.AddSingleton(sp => new SignerRecordWatch(sp.GetRequiredService<SignerRecordCheck>(), TimeProvider.System));
        builder.Services.AddHealthChecks().AddCheck<SignerRecordHealthCheck>("signer-record", tags: ["ready", "integrity"]);
    }

    private static ISignedCheckpointRecord ReadOnlyRecord(string source) =>
        Uri.TryCreate(source, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttps || url.Scheme == Uri.UriSchemeHttp)
            ? new PublishedSignedCheckpointRecord(url, new HttpClient { Timeout = TimeSpan.FromSeconds(10) }, TimeSpan.FromSeconds(15))
            : new SignedCheckpointFile(source);
}
