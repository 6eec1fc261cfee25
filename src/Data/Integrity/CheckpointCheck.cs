namespace AuditExplorer.Data.Integrity;

/// <summary>Outcome of checking a signed checkpoint: the body and signing key when valid, else why not.</summary>
public sealed record CheckpointCheck(bool IsValid, CheckpointBody? Body, CheckpointVerifierKey? Signer, string? Problem)
{
    public static CheckpointCheck Ok(CheckpointBody body, CheckpointVerifierKey signer) => new(true, body, signer, null);

    public static CheckpointCheck Fail(string problem) => new(false, null, null, problem);
}
