namespace AuditExplorer.Data.Demo;

/// <summary>
/// Generates a deterministic content-management history, in time order, across tenants:
/// busier weekdays and working hours, occasional burst days, growth over ~18 months.
/// </summary>
public sealed class DemoHistoryGenerator
{
    /// <summary>How far back the history reaches (about 18 months).</summary>
    public const int HistoryDays = 548;

    private static readonly double[] HourWeights =
        [0.2, 0.15, 0.1, 0.1, 0.15, 0.25, 0.5, 1, 2, 3, 3, 3, 2.5, 3, 3, 3, 2.5, 2, 1.5, 1, 0.8, 0.6, 0.4, 0.3];

    private readonly IReadOnlyList<DemoTenant> _tenants;
    private readonly long _eventCount;
    private readonly int _seed;
    private readonly long _firstEntityNumber;
    private readonly double[] _tenantShare;

    /// <param name="firstEntityNumber">Entity numbers start above this, so a later run never reuses an earlier run's ids.</param>
    public DemoHistoryGenerator(IReadOnlyList<DemoTenant> tenants, long eventCount, int seed, DateTime untilUtc, long firstEntityNumber = 0)
    {
        if (tenants.Count == 0) throw new ArgumentException("at least one tenant is needed", nameof(tenants));
        ArgumentOutOfRangeException.ThrowIfNegative(eventCount);
        _tenants = tenants;
        _eventCount = eventCount;
        _seed = seed;
        _firstEntityNumber = firstEntityNumber;
        Until = DateTime.SpecifyKind(untilUtc, DateTimeKind.Utc);
        From = Until.AddDays(-HistoryDays);

        // The named tenants are the busy ones; the weight of the others depends only on their id.
        var weights = tenants.Select((t, i) => i switch
        {
            0 => 3.0,
            1 => 2.0,
            2 => 1.5,
            _ => 0.5 + (DemoActorCatalog.StableHash(t.Id) & 0xFF) / 255.0,
        }).ToArray();
        var total = weights.Sum();
        _tenantShare = weights.Select(w => w / total).ToArray();
        Actors = tenants.Select((t, i) => DemoActorCatalog.For(t, UserCountFor(_tenantShare[i] * eventCount))).ToArray();
    }

    public DateTime From { get; }
    public DateTime Until { get; }

    /// <summary>The actors of each tenant, in the order of the tenants given.</summary>
    public IReadOnlyList<DemoActor[]> Actors { get; }

    public IEnumerable<DemoEvent> Generate()
    {
        var planRng = new Random(_seed);
        var eventRng = new Random(unchecked(_seed * 31 + 7));
        var histories = _tenants.Select((t, i) => new TenantHistory(t, Actors[i], eventRng, _firstEntityNumber, plantInjectionSamples: i == 0)).ToArray();
        var cumulativeShare = new double[_tenantShare.Length];
        double share = 0;
        for (var i = 0; i < _tenantShare.Length; i++) cumulativeShare[i] = share += _tenantShare[i];

        var dayWeights = DayWeights(planRng);
        var weightTotal = dayWeights.Sum();
        var output = new List<DemoEvent>(8);
        long emitted = 0, plannedBefore = 0;
        var last = From;
        double cumulative = 0;
        for (var day = 0; day < HistoryDays && emitted < _eventCount; day++)
        {
            cumulative += dayWeights[day];
            var plannedThrough = day == HistoryDays - 1 ? _eventCount : (long)Math.Round(_eventCount * cumulative / weightTotal);
            var slots = PlanDay(planRng, From.AddDays(day), (int)(plannedThrough - plannedBefore));
            plannedBefore = plannedThrough;
            for (var s = 0; s < slots.Length && emitted < _eventCount;)
            {
                var at = slots[s] > last ? slots[s] : last;
                var tenant = Array.BinarySearch(cumulativeShare, eventRng.NextDouble());
                tenant = Math.Min(tenant < 0 ? ~tenant : tenant, histories.Length - 1);
                output.Clear();
                histories[tenant].NextRequest(at, output);
                foreach (var e in output)
                {
                    if (emitted == _eventCount) yield break;
                    emitted++;
                    last = e.OccurredAt;
                    yield return e;
                }
                s += output.Count;
            }
        }
    }

    private static int UserCountFor(double expectedEvents) => (int)Math.Clamp(6 + expectedEvents / 25_000, 6, 60);

    private double[] DayWeights(Random rng)
    {
        var weights = new double[HistoryDays];
        for (var d = 0; d < HistoryDays; d++)
        {
            var weekday = From.AddDays(d).DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);
            // Release weeks, migrations and audits: a few days are several times busier than usual.
            var burst = rng.Next(25) == 0 ? 3 + rng.NextDouble() * 5 : 1;
            weights[d] = (weekday ? 1.0 : 0.2) * (0.6 + 0.8 * d / HistoryDays) * burst * (0.7 + 0.6 * rng.NextDouble());
        }
        return weights;
    }

    /// <summary>Sorted event times within one day, weighted towards working hours, at microsecond precision.</summary>
    private static DateTime[] PlanDay(Random rng, DateTime dayStart, int count)
    {
        var hourCumulative = new double[24];
        double sum = 0;
        for (var h = 0; h < 24; h++) hourCumulative[h] = sum += HourWeights[(dayStart.Hour + h) % 24];
        var ticks = new long[count];
        for (var i = 0; i < count; i++)
        {
            var hour = Array.BinarySearch(hourCumulative, rng.NextDouble() * sum);
            hour = Math.Min(hour < 0 ? ~hour : hour, 23);
            ticks[i] = hour * TimeSpan.TicksPerHour + rng.NextInt64(TimeSpan.TicksPerHour / 10) * 10;
        }
        Array.Sort(ticks);
        var times = new DateTime[count];
        for (var i = 0; i < count; i++) times[i] = dayStart.AddTicks(ticks[i]);
        return times;
    }
}
