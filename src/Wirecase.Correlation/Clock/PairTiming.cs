namespace Wirecase.Correlation.Clock;

/// <summary>
/// The raw time differences (later point's clock − earlier point's clock) of the segments two points both saw, per
/// direction: per second of capture the smallest and largest (the bounds a clock offset must lie between), and a
/// fixed-size random sample for the delay distribution. Memory does not grow with the number of segments.
/// </summary>
internal sealed class PairTiming
{
    public const int SampleSize = 20_000;
    private const long BucketNs = 1_000_000_000;

    private readonly Dictionary<long, (long Min, long Max)>[] _buckets = [[], []];
    private readonly List<(long At, long Delta)>[] _sample = [[], []];
    private readonly long[] _seen = new long[2];
    private readonly long[] _ttlDelta = new long[2];
    private readonly Random _random = new(12345);

    public long Count(int dir) => _seen[dir];

    /// <summary>Sum of (TTL at the second point − TTL at the first) over the segments of a direction.</summary>
    public long TtlDelta(int dir) => _ttlDelta[dir];

    private readonly int[] _maxLength = new int[2];

    /// <summary>The longest payload of a segment of that direction seen at both points.</summary>
    public int MaxLength(int dir) => _maxLength[dir];

    public void Add(int dir, long firstNs, long deltaNs, int ttlDelta, int length)
    {
        if (length > _maxLength[dir]) _maxLength[dir] = length;
        long bucket = Math.DivRem(firstNs, BucketNs, out long rem) - (rem < 0 ? 1 : 0);
        var b = _buckets[dir];
        b[bucket] = b.TryGetValue(bucket, out var mm) ? (Math.Min(mm.Min, deltaNs), Math.Max(mm.Max, deltaNs)) : (deltaNs, deltaNs);
        _ttlDelta[dir] += ttlDelta;
        long n = ++_seen[dir];
        var s = _sample[dir];
        if (s.Count < SampleSize) s.Add((firstNs, deltaNs));
        else
        {
            long k = _random.NextInt64(n);
            if (k < SampleSize) s[(int)k] = (firstNs, deltaNs);
        }
    }

    public IReadOnlyDictionary<long, (long Min, long Max)> Buckets(int dir) => _buckets[dir];
    public IReadOnlyList<(long At, long Delta)> Sample(int dir) => _sample[dir];

    public static long BucketStart(long bucket) => bucket * BucketNs;
    public static long BucketWidth => BucketNs;
}
