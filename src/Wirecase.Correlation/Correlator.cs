using Wirecase.Capture;
using Wirecase.Correlation.Matching;
using Wirecase.Correlation.Points;
using Wirecase.Correlation.Results;
using Wirecase.Flows;
using Wirecase.Flows.Pipeline;

namespace Wirecase.Correlation;

/// <summary>Options of a correlation.</summary>
public sealed record CorrelationOptions
{
    /// <summary>How long a segment seen at one point waits for its copies at the others (after clock correction).</summary>
    public long WindowNs { get; init; } = 10_000_000_000;
    /// <summary>The order of the points from the clients' side to the servers' side, when the user knows it.</summary>
    public IReadOnlyList<string>? Path { get; init; }
}

/// <summary>
/// Reads the captures of several points as one stream, in time order after a first guess of their clock offsets,
/// matches connections and segments, then estimates the clocks, the path order and the per-hop verdicts.
/// </summary>
public static class Correlator
{
    public static CorrelationResult Run(CapturePointPlan plan, CorrelationOptions? options = null, Action? onFrame = null)
    {
        options ??= new CorrelationOptions();
        int points = plan.Points.Count;
        if (points < 2) throw new ArgumentException("correlation needs at least two capture points", nameof(plan));
        var files = plan.Points.SelectMany(p => p.Files).ToList();
        var pointOfFile = plan.Points.SelectMany((p, i) => p.Files.Select(_ => i)).ToList();
        long[] shift = RoughOffsets(plan);
        var outcomes = new SegmentOutcomes(points);
        var matcher = new SegmentMatcher(points, options.WindowNs, shift, outcomes);
        var trackers = new FlowTracker[points];
        for (int p = 0; p < points; p++) trackers[p] = new FlowTracker();
        var frames = new long[points];
        var segments = new long[points];
        var damages = new List<CaptureDamage>();

        using (var set = CaptureSet.Open(files))
        {
            if (set.OpenErrors.Count > 0) throw set.OpenErrors[0];
            set.AssignPoints(pointOfFile, [.. pointOfFile.Select(p => shift[p])]);
            using var pipeline = new DecodingPipeline(set, onFrame);
            while (pipeline.Next() is { } batch)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    ref var f = ref batch[i];
                    if (f.Kind != FrameKind.Packet) continue;
                    frames[f.Point]++;
                    matcher.NoteFrame(f.Point, f.TimestampNs, f.Packet);
                    var payload = batch.Payload(f);
                    if (!trackers[f.Point].ProcessDecoded(f.FrameId, f.TimestampNs, f.Kind, f.Packet, payload, out var analysis)) continue;
                    var connection = trackers[f.Point].Tcp.ByStream(analysis.Stream);
                    if (connection is null) continue;
                    segments[f.Point]++;
                    matcher.AddSegment(f, payload, analysis, connection);
                }
                pipeline.Return(batch);
            }
            damages.AddRange(set.Damages);
        }
        matcher.Finish();
        return ResultBuilder.Build(plan, options, matcher, outcomes, frames, segments, damages);
    }

    /// <summary>A first guess of each point's clock offset from the first point: the median time difference of the
    /// segments both hold among the first few thousand (refined later from every matched segment).</summary>
    private static long[] RoughOffsets(CapturePointPlan plan)
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
