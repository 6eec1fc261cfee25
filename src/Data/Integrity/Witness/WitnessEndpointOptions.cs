namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>One entry of Checkpoints:Witnesses: the witness's submission URL prefix and its public key.</summary>
public sealed class WitnessEndpointOptions
{
    public string Url { get; set; } = "";
    public string Key { get; set; } = "";
}
