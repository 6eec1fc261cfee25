using System.Globalization;

namespace AuditExplorer.Bench.Streams;

/// <summary>Nearest-rank percentiles of a sample, in milliseconds.</summary>
internal static class Percentiles
{
    public static string Summary(List<double> milliseconds)
    {
        if (milliseconds.Count == 0) return "no samples";
        milliseconds.Sort();
        return string.Create(CultureInfo.InvariantCulture,
            $"p50 {At(milliseconds, 0.50):0.0} ms, p95 {At(milliseconds, 0.95):0.0} ms, p99 {At(milliseconds, 0.99):0.0} ms, max {milliseconds[^1]:0.0} ms (n={milliseconds.Count:N0})");
    }

    private static double At(List<double> sorted, double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)];
}
