using Wirecase.Correlation.Points;

namespace Wirecase.Correlation;

/// <summary>A first guess of each point's clock offset from the first point: the median time difference of the
/// segments both hold among the first few thousand (refined later from every matched segment). It only orders the
/// merged reading so that the copies of a packet arrive close together.</summary>
internal static class RoughClock
{
    public static long[] Offsets(CapturePointPlan plan)
    {
        var samples = plan.Points.Select(p => FileSample.Read(p.Files[0])).ToList();
        var offsets = new long[samples.Count];
        var known = new bool[samples.Count];
        known[0] = true;
        for (int round = 0; round < samples.Count; round++)
            for (int a = 0; a < samples.Count; a++)
            {
                if (!known[a]) continue;
                for (int b = 0; b < samples.Count; b++)
                {
                    if (known[b]) continue;
                    if (samples[a].MedianOffsetTo(samples[b]) is { } d)
                    {
                        offsets[b] = offsets[a] + d;
                        known[b] = true;
                    }
                }
            }
        return offsets;
    }
}
