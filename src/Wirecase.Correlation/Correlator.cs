using System.Runtime.CompilerServices;
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
/// matches connections and segments, then estimates the clocks, the path order and the per-hop verdicts
/// (<see cref="CorrelationSession"/> does the work; this is its reader when nothing else reads the captures).
/// </summary>
public static class Correlator
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    public static CorrelationResult Run(CapturePointPlan plan, CorrelationOptions? options = null, Action? onFrame = null)
    {
        var session = new CorrelationSession(plan, options);
        int points = plan.Points.Count;
        var trackers = new FlowTracker[points];
        for (int p = 0; p < points; p++) trackers[p] = new FlowTracker();
        using var set = CaptureSet.Open(plan.Files);
        if (set.OpenErrors.Count > 0) throw set.OpenErrors[0];
        session.Prepare(set);
        using (var pipeline = new DecodingPipeline(set, onFrame))
        {
            while (pipeline.Next() is { } batch)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    ref var f = ref batch[i];
                    if (f.Kind != FrameKind.Packet) continue;
                    session.Frame(f.Point, f.TimestampNs, f.Packet);
                    var payload = batch.Payload(f);
                    if (!trackers[f.Point].ProcessDecoded(f.FrameId, f.TimestampNs, f.Kind, f.Packet, payload, out var analysis)) continue;
                    if (trackers[f.Point].Tcp.ByStream(analysis.Stream) is { } connection)
                        session.Segment(f, payload, analysis, connection);
                }
                pipeline.Return(batch);
            }
        }
        return session.Finish([.. set.Damages]);
    }
}
