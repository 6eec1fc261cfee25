namespace AuditExplorer.Bench;

/// <summary>All transactions of one shape at one client count, gathered over the interleaved rounds.</summary>
internal sealed class Measurement(TransactionShape shape, int clients)
{
    private readonly List<double> _latencies = [];

    public TransactionShape Shape => shape;
    public int Clients => clients;
    public double Seconds { get; private set; }
    public long Transactions => _latencies.Count;
    public double PerSecond => Transactions / Seconds;

    public void Add(IEnumerable<double> latencies, double seconds)
    {
        _latencies.AddRange(latencies);
        Seconds += seconds;
    }

    public double Percentile(double p)
    {
        var sorted = _latencies.Order().ToArray();
        return sorted[(int)Math.Min(sorted.Length - 1, Math.Floor(p * sorted.Length))];
    }
}
