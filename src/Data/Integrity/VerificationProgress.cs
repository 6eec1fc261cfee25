namespace AuditExplorer.Data.Integrity;

/// <summary>How far a verification run is: events checked out of those to check.</summary>
public sealed record VerificationProgress(long Checked, long Total)
{
    public double Fraction => Total == 0 ? 1 : Math.Min(1, (double)Checked / Total);
}
