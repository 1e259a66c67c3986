using System.Runtime.CompilerServices;
using Wirecase.Capture;
using Wirecase.Correlation;
using Wirecase.Correlation.Results;
using Wirecase.Flows;
using Wirecase.Flows.Pipeline;
using Wirecase.Packets.Transport;
using Wirecase.Protocols;

namespace Wirecase.Diagnosis.Facts;

/// <summary>Runs the decode, flow and application stages over a capture set in one pass and keeps what they found,
/// per capture point (files that follow each other in time are one point, read as one timeline).</summary>
public sealed class CaptureFacts
{
    private CaptureFacts(IReadOnlyList<CapturePointFacts> points, CorrelationResult? correlated)
    {
        Points = points;
        Correlated = correlated;
    }

    public IReadOnlyList<CapturePointFacts> Points { get; }

    /// <summary>The points' captures matched packet by packet, when the analysis was given a correlation.</summary>
    public CorrelationResult? Correlated { get; }

    /// <param name="window">Only the frames between the user's ping markers, when given.</param>
    /// <param name="correlation">Captures of several points: each segment the flow stage judged is also matched across
    /// the points in the same reading (the caller has prepared the set with it).</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    public static CaptureFacts Collect(CaptureSet set, Action? onFrame = null, MarkerWindow? window = null,
        CorrelationSession? correlation = null)
    {
        var points = new List<CapturePointFacts>();
        var last = new List<FrameTime>();
        var named = new bool[set.Readers.Count];
        using (var pipeline = new DecodingPipeline(set, onFrame))
        {
            while (pipeline.Next() is { } batch)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    ref var f = ref batch[i];
                    while (points.Count <= f.Point)
                    {
                        var app = new ApplicationLayer();
                        points.Add(new CapturePointFacts(new FlowTracker(app.SinkFor), app, new SegmentEventLog()));
                        last.Add(default);
                    }
                    var point = points[f.Point];
                    if (!named[f.FileIndex])
                    {
                        named[f.FileIndex] = true;
                        point.AddFile(Path.GetFileName(set.Readers[f.FileIndex].FileName));
                    }
                    if (window is not null && !(f.HasTimestamp && window.Contains(f.TimestampNs))) continue;
                    point.Frames++;
                    if (f.Kind == FrameKind.Packet && batch.Data(f).Length < f.OriginalLength && point.TruncatedFrames++ == 0)
                        point.FirstTruncatedFrame = f.FrameId;
                    if (f.HasTimestamp)
                    {
                        if (f.TimestampNs < point.FirstNs) point.FirstNs = f.TimestampNs;
                        if (f.TimestampNs > point.LastNs) point.LastNs = f.TimestampNs;
                    }
                    var payload = batch.Payload(f);
                    if (f.Kind == FrameKind.Packet) correlation?.Frame(f.Point, f.TimestampNs, f.Packet);
                    if (point.Tracker.ProcessDecoded(f.FrameId, f.TimestampNs, f.Kind, f.Packet, payload, out var analysis))
                    {
                        if (correlation is not null && f.Kind == FrameKind.Packet)
                            correlation.Segment(f, payload, analysis, point.Connections[analysis.Stream]);
                        point.Events.Add(f.FrameId, f.TimestampNs, f.Packet, analysis);
                        point.Duplicates.Add(f.FrameId, f.TimestampNs, f.Packet, analysis);
                        if ((f.Packet.TcpFlags & TcpFlags.Rst) != 0)
                            point.Resets.Add(point.Connections[analysis.Stream], analysis.FromOriginator, f.FrameId, f.TimestampNs);
                    }
                    if (f.Kind == FrameKind.Packet) point.Application.Packet(f.Packet, f.FrameId, f.TimestampNs, payload, point.Tracker.Tcp);
                    last[f.Point] = new FrameTime(f.FrameId, f.TimestampNs);
                }
                pipeline.Return(batch);
            }
        }
        if (points.Count == 0)
        {
            // Nothing readable: one empty point, so that reports still say what was read.
            var app = new ApplicationLayer();
            points.Add(new CapturePointFacts(new FlowTracker(app.SinkFor), app, new SegmentEventLog()));
            last.Add(default);
            foreach (var r in set.Readers) points[0].AddFile(Path.GetFileName(r.FileName));
        }
        bool several = set.Readers.Count > 1;
        // What the capturing tool said it dropped (pcapng interface statistics), per point.
        for (int p = 0; p < set.Points.Count && p < points.Count; p++)
            foreach (int file in set.Points[p])
                foreach (var iface in set.Readers[file].Interfaces)
                    if (iface.Statistics is { } st && (st.InterfaceDrops ?? 0) + (st.OsDrops ?? 0) > 0)
                        points[p].CaptureDrops.Add(new CaptureDrop(Path.GetFileName(set.Readers[file].FileName), iface.Name, st.Received, st.InterfaceDrops, st.OsDrops));
        for (int i = 0; i < points.Count; i++)
        {
            points[i].Tracker.Finish(last[i].Frame, last[i].TimestampNs);
            points[i].Application.Finish(last[i]);
            points[i].NameFiles = several;
        }
        return new CaptureFacts(points, correlation?.Finish([.. set.Damages]));
    }
}
