namespace AuditExplorer.Data.Integrity;

/// <summary>The outcome of one verification run, as shown in the UI and the CLI and stored in audit.verifications.</summary>
public sealed record VerificationReport(
    Guid VerificationId,
    string TenantId,
    VerificationMode Mode,
    long FromSeq,
    long ThroughSeq,
    long EventsChecked,
    IReadOnlyList<DamageFinding> Findings,
    long? VerifiedCheckpointSize,
    TimeSpan Elapsed,
    Guid AuditEventId)
{
    public bool Intact => Findings.Count == 0;

    /// <summary>
    /// Sealed events whose rows retention archived and dropped, per archive location: their seals still
    /// carry the chain and tree, so they are "expired by policy, archived at X", not deleted.
    /// </summary>
    public IReadOnlyDictionary<string, long> ExpiredByPolicy { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// The only findings are losses the signer's record acknowledges: no damage, but not complete either
    /// (verify-chain exits 7, the run is stored with outcome loss_acknowledged).
    /// </summary>
    public bool OnlyAcknowledgedLoss => Findings.Count > 0 && Findings.All(f => f.Kind == DamageKind.LossAcknowledged);

    /// <summary>The acknowledged losses among the findings ("seqs a–b lost, acknowledged by X at T: reason").</summary>
    public IEnumerable<DamageFinding> AcknowledgedLosses => Findings.Where(f => f.Kind == DamageKind.LossAcknowledged);

    /// <summary>The lowest seq with damage, or null when intact or when the damage has no seq (e.g. a bad signature).</summary>
    public long? FirstBadSeq => Telling.Where(f => f.Seq is not null).Select(f => f.Seq).Min();

    /// <summary>The kind of damage at <see cref="FirstBadSeq"/> (most telling one first), else of the first finding.</summary>
    public DamageKind? FirstDamage =>
        Findings.Count == 0 ? null
        : FirstBadSeq is { } seq ? Telling.Where(f => f.Seq == seq).OrderBy(f => Rank(f.Kind)).First().Kind
        : Telling.First().Kind;

    // An acknowledged loss never hides real damage: it counts only when it is all there is.
    private IEnumerable<DamageFinding> Telling => OnlyAcknowledgedLoss ? Findings : Findings.Where(f => f.Kind != DamageKind.LossAcknowledged);

    public double EventsPerSecond => Elapsed.TotalSeconds > 0 ? EventsChecked / Elapsed.TotalSeconds : 0;

    internal static int Rank(DamageKind kind) => kind switch
    {
        DamageKind.Reordered => 0,
        DamageKind.EventInserted => 1,
        DamageKind.EventDeleted => 2,
        DamageKind.RolledBack => 3,
        DamageKind.TruncatedTail => 4,
        DamageKind.EventAltered => 5,
        DamageKind.ChainBroken => 6,
        DamageKind.MerkleNodeCorrupted => 7,
        _ => 8,
    };
}
