namespace PrivateDomain.Bench;

/// <summary>Percentiles of recorded latencies (Stopwatch ticks), from a sorted array.</summary>
internal sealed class Latencies
{
    private readonly long[] _sorted;

    public Latencies(IEnumerable<long> ticks)
    {
        _sorted = [.. ticks];
        Array.Sort(_sorted);
    }

    public int Count => _sorted.Length;

    public double PercentileMs(double percentile)
    {
        if (_sorted.Length == 0)
            return double.NaN;
        var rank = (int)Math.Ceiling(percentile / 100 * _sorted.Length) - 1;
        return ToMs(_sorted[Math.Clamp(rank, 0, _sorted.Length - 1)]);
    }

    public double MaxMs => _sorted.Length == 0 ? double.NaN : ToMs(_sorted[^1]);

    private static double ToMs(long ticks) => ticks * 1000.0 / System.Diagnostics.Stopwatch.Frequency;
}
