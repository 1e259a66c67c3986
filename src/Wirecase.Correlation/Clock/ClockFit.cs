using Wirecase.Correlation.Results;

namespace Wirecase.Correlation.Clock;

/// <summary>
/// The clock offset between two neighbouring points of the path (downstream − upstream), from the segments both saw.
/// A segment travelling downstream shows (offset + hop delay), one travelling upstream (offset − hop delay); hop delays
/// are positive, so per second of capture the offset lies between the largest upstream and the smallest downstream
/// difference. The middle of those bounds, fitted over time, gives the offset and its drift; half their width is the
/// uncertainty. With segments in one direction only, the offset is only bounded (assumed at the bound: no delay).
/// </summary>
internal static class ClockFit
{
    /// <summary>Fits the offset of <paramref name="b"/> relative to <paramref name="a"/>, <paramref name="a"/> upstream.</summary>
    public static (long OffsetAtOriginNs, double Drift, long UncertaintyNs, string Basis, long Samples, bool Consistent)
        Fit(PairTiming pair, bool aIsFirst, long originNs)
    {
        // Oriented differences: t_b − t_a. Downstream = from the client (direction 0).
        var down = Oriented(pair.Buckets(0), aIsFirst, lowest: true);
        var up = Oriented(pair.Buckets(1), aIsFirst, lowest: false);
        long samples = pair.Count(0) + pair.Count(1);
        var points = new List<(double T, double Mid, double Half)>();
        foreach (var (bucket, hi) in down)
            if (up.TryGetValue(bucket, out long lo))
                points.Add(((PairTiming.BucketStart(bucket) + PairTiming.BucketWidth / 2 - originNs) / 1e9, (hi + lo) / 2.0, (hi - lo) / 2.0));
        if (points.Count == 0)
        {
            if (down.Count > 0 && up.Count > 0)
            {
                long hi = down.Values.Min(), lo = up.Values.Max();
                if (hi - lo > 1_000_000 && lo <= 0 && hi >= 0)
                    return (0, 0, (hi - lo) / 2, "segments both ways, wide bounds that include 0: clocks taken as agreeing", samples, true);
                return ((hi + lo) / 2, 0, Math.Abs(hi - lo) / 2, "segments both ways, at different times", samples, hi >= lo);
            }
            if (down.Count > 0) return (down.Values.Min(), 0, -1, "segments one way only: an upper bound (no delay assumed)", samples, true);
            if (up.Count > 0) return (up.Values.Max(), 0, -1, "segments one way only: a lower bound (no delay assumed)", samples, true);
            return (0, 0, -1, "no segment seen at both points", 0, true);
        }
        bool consistent = points.All(p => p.Half >= -1000); // crossing bounds by more than 1 µs: jitter or forged times
        long hiAll = down.Values.Min(), loAll = up.Values.Max();
        if (hiAll - loAll > 1_000_000 && loAll <= 0 && hiAll >= 0 && points.Count < 3)
        {
            // Few segments and bounds wide apart (a delay one way, as through a proxy): any offset between them fits,
            // and clocks that agree (NTP) are the likeliest.
            return (0, 0, (hiAll - loAll) / 2, "segments both ways, wide bounds that include 0: clocks taken as agreeing", samples, consistent);
        }
        double median = Median(points.Select(p => p.Mid));
        double halfWidth = Median(points.Select(p => Math.Abs(p.Half)));
        double drift = 0, intercept = median;
        double span = points.Max(p => p.T) - points.Min(p => p.T);
        if (points.Count >= 2 && span >= 2)
        {
            double mt = points.Average(p => p.T), mm = points.Average(p => p.Mid);
            double sxx = points.Sum(p => (p.T - mt) * (p.T - mt)), sxy = points.Sum(p => (p.T - mt) * (p.Mid - mm));
            double slope = sxx > 0 ? sxy / sxx : 0; // ns per second
            if (Math.Abs(slope * span) > 2 * halfWidth + 1000)
            {
                drift = slope;
                intercept = mm - slope * mt;
            }
        }
        double residual = Math.Sqrt(points.Average(p => Math.Pow(p.Mid - (intercept + drift * p.T), 2)));
        string basis = points.Count == 1 ? "segments both ways" : $"segments both ways over {points.Count} seconds";
        return ((long)intercept, drift / 1e9, (long)(halfWidth + residual), basis, samples, consistent);
    }

    /// <summary>Per bucket the smallest (downstream) or largest (upstream) of t_b − t_a.</summary>
    private static Dictionary<long, long> Oriented(IReadOnlyDictionary<long, (long Min, long Max)> buckets, bool aIsFirst, bool lowest)
    {
        var result = new Dictionary<long, long>(buckets.Count);
        foreach (var (bucket, (min, max)) in buckets)
            result[bucket] = aIsFirst ? (lowest ? min : max) : (lowest ? -max : -min);
        return result;
    }

    public static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToList();
        if (v.Count == 0) return 0;
        return v.Count % 2 == 1 ? v[v.Count / 2] : (v[v.Count / 2 - 1] + v[v.Count / 2]) / 2;
    }

    public static ClockEstimate Chain(ClockEstimate upstream, (long Offset, double Drift, long Uncertainty, string Basis, long Samples, bool Consistent) hop) =>
        new(upstream.OffsetNs + hop.Offset, upstream.DriftPpm + hop.Drift * 1e6,
            upstream.UncertaintyNs < 0 || hop.Uncertainty < 0 ? -1 : upstream.UncertaintyNs + hop.Uncertainty,
            hop.Basis, hop.Samples, upstream.Consistent && hop.Consistent);
}
