using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AuditExplorer.Data.Integrity.Witness;

/// <summary>
/// The witness's decision for one C2SP tlog-witness add-checkpoint request. It cosigns a checkpoint only when a
/// key it trusts for the origin signed it and an RFC 6962 consistency proof ties it to the last checkpoint it
/// cosigned for that origin; the new state is on disk before the cosignature leaves. Checking and recording run
/// under one lock, so two concurrent requests cannot roll the state back.
/// </summary>
public sealed class CheckpointWitness(WitnessSigningKey key, CheckpointKeyring logKeys, WitnessStateFile state,
    TimeProvider? clock = null, ILogger? logger = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly ILogger _log = logger ?? NullLogger.Instance;
    private readonly Lock _gate = new();

    /// <summary>The witness's public key.</summary>
    public WitnessVerifierKey VerifierKey => key.VerifierKey;

    /// <summary>Answers one request body (UTF-8 text) as tlog-witness specifies.</summary>
    public WitnessResponse AddCheckpoint(string body)
    {
        AddCheckpointRequest request;
        SignedNote note;
        CheckpointBody checkpoint;
        try
        {
            request = AddCheckpointRequest.Parse(body);
            note = SignedNote.Parse(request.Note);
            checkpoint = CheckpointBody.Parse(note.Text);
        }
        catch (FormatException ex)
        {
            return WitnessResponse.Problem(400, $"malformed add-checkpoint request: {ex.Message}");
        }

        var keys = logKeys.Keys.Where(k => k.Name == checkpoint.Origin || checkpoint.Origin.StartsWith(k.Name + "/", StringComparison.Ordinal)).ToList();
        if (keys.Count == 0) return WitnessResponse.Problem(404, $"unknown log origin \"{checkpoint.Origin}\"");
        var check = new CheckpointKeyring(keys).Verify(request.Note);
        if (!check.IsValid) return WitnessResponse.Problem(403, $"the checkpoint is not signed by a key trusted for {checkpoint.Origin}: {check.Problem}");
        if (request.OldSize > checkpoint.TreeSize)
            return WitnessResponse.Problem(400, $"old size {request.OldSize} is larger than the checkpoint size {checkpoint.TreeSize}");

        lock (_gate)
        {
            var latest = state.Latest(checkpoint.Origin);
            var knownSize = latest?.TreeSize ?? 0;
            if (request.OldSize != knownSize)
                return new WitnessResponse(409, $"{knownSize}\n", WitnessResponse.SizeContentType);
            if (latest is not null && request.OldSize == checkpoint.TreeSize)
            {
                if (!latest.RootHash.AsSpan().SequenceEqual(checkpoint.RootHash))
                {
                    _log.LogCritical("Log {Origin} presented a different root for size {Size} than the one this witness cosigned: a fork. Note: {Note}",
                        checkpoint.Origin, checkpoint.TreeSize, request.Note);
                    return new WitnessResponse(409, $"{knownSize}\n", WitnessResponse.SizeContentType);
                }
            }
            else if (request.OldSize == 0)
            {
                if (request.Proof.Count != 0) return WitnessResponse.Problem(400, "the consistency proof must be empty when the old size is 0");
            }
            else if (!MerkleProofVerifier.VerifyConsistency(request.OldSize, checkpoint.TreeSize, request.Proof, latest!.RootHash, checkpoint.RootHash))
            {
                // Signed by the log yet not an extension of what it showed before: keep it as evidence of misbehaviour.
                _log.LogCritical("Log {Origin} asked to cosign size {Size}, which is not consistent with size {Old} cosigned before. Note: {Note}",
                    checkpoint.Origin, checkpoint.TreeSize, request.OldSize, request.Note);
                return WitnessResponse.Problem(422, $"the consistency proof from {request.OldSize} to {checkpoint.TreeSize} does not verify");
            }

            state.Record(new WitnessedLogState(checkpoint.Origin, checkpoint.TreeSize, checkpoint.RootHash));
            var cosignature = key.Cosign(note.Text, _clock.GetUtcNow().ToUnixTimeSeconds());
            _log.LogInformation("Cosigned {Origin} at size {Size}", checkpoint.Origin, checkpoint.TreeSize);
            return new WitnessResponse(200, cosignature.ToLine());
        }
    }
}
