namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// Witness settings in configuration section "Checkpoints": where the sealer submits checkpoints
/// (<see cref="Witnesses"/>) and whose cosignatures the Integrity page calls trusted (<see cref="TrustedWitnesses"/>).
/// </summary>
public sealed class WitnessOptions
{
    /// <summary>Witnesses the sealer submits each new checkpoint to.</summary>
    public List<WitnessEndpointOptions> Witnesses { get; set; } = [];

    /// <summary>Witness public keys ("name+keyid+base64(0x04 ‖ key)") whose cosignatures are shown as verified.</summary>
    public List<string> TrustedWitnesses { get; set; } = [];

    /// <summary>The configured witnesses, plus those in AUDITEXPLORER_WITNESSES ("url key;url key").</summary>
    /// <exception cref="FormatException">An entry is malformed.</exception>
    public IReadOnlyList<ConfiguredWitness> Resolve()
    {
        var list = Witnesses.Where(w => !string.IsNullOrWhiteSpace(w.Url)).Select(w => ConfiguredWitness.Create(w.Url, w.Key)).ToList();
        if (Environment.GetEnvironmentVariable("AUDITEXPLORER_WITNESSES") is { Length: > 0 } env) list.AddRange(ConfiguredWitness.ParseList(env));
        return list;
    }
}
