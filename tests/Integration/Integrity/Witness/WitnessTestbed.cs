using AuditExplorer.Data.Integrity;
using AuditExplorer.Data.Integrity.Witness;

namespace AuditExplorer.Tests.Integration.Integrity.Witness;

/// <summary>A witness with its own key and state file, trusting the chain testbed's log key, and the sealer's cosigner pointed at it.</summary>
internal sealed class WitnessTestbed : IDisposable
{
    private readonly HttpClient _http;

    public WitnessSigningKey Key { get; } = WitnessSigningKey.Generate("witness.test/w1");
    public string StatePath { get; } = Path.Combine(Directory.CreateTempSubdirectory("ae-witness-").FullName, "witness.state");
    public WitnessStateFile State { get; private set; }
    public CheckpointWitness Witness { get; private set; }
    public InProcessWitness Handler { get; }
    public CheckpointCosigner Cosigner { get; }
    private readonly CheckpointKeyring _logKeys;

    public WitnessTestbed(PostgresFixture db, ChainTestbed chain)
    {
        _logKeys = chain.Keyring;
        State = WitnessStateFile.Open(StatePath);
        Witness = new CheckpointWitness(Key, _logKeys, State);
        Handler = new InProcessWitness(() => Witness);
        _http = new HttpClient(Handler);
        Cosigner = new CheckpointCosigner(db.SealerSource, [new ConfiguredWitness(new Uri("http://witness.test/"), Key.VerifierKey)], _http);
    }

    /// <summary>Stops the witness and starts it again from its state file, as after a reboot.</summary>
    public void Restart()
    {
        State.Dispose();
        State = WitnessStateFile.Open(StatePath);
        Witness = new CheckpointWitness(Key, _logKeys, State);
    }

    public async Task<WitnessSubmission> CosignAsync(string tenant) =>
        Assert.Single(await Cosigner.CosignLatestAsync(tenant));

    public void Dispose()
    {
        _http.Dispose();
        State.Dispose();
        Key.Dispose();
        Directory.Delete(Path.GetDirectoryName(StatePath)!, true);
    }
}
