using System.Runtime.CompilerServices;
using Wirecase.Capture;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;
using Wirecase.Flows;
using Wirecase.Flows.Pipeline;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Reports.Model;

/// <summary>
/// The second reading of the captures for a report: the segments of the TCP connections the findings cite. The first
/// reading (the analysis) tells which frames are evidence and which connections span them; this one runs the TCP
/// analysis again (same stream numbers, same flags), keeps the candidates' segments and learns which connection each
/// evidence frame belongs to. It stops once every candidate has ended.
/// </summary>
internal sealed class CitedConnections
{
    private readonly Dictionary<(int Point, int Stream), List<SegmentRow>> _rows = [];
    private readonly Dictionary<(int Point, int Stream), long> _notShown = [];
    private readonly Dictionary<(int Point, long FrameId), int> _streamOfEvidence = [];

    /// <summary>The connection (point, tcp.stream) each evidence frame belongs to, for the TCP evidence.</summary>
    public bool TryStreamOf(int point, long frameId, out int stream) => _streamOfEvidence.TryGetValue((point, frameId), out stream);

    public IReadOnlyList<SegmentRow> Rows(int point, int stream) => _rows.TryGetValue((point, stream), out var r) ? r : [];
    public long NotShown(int point, int stream) => _notShown.GetValueOrDefault((point, stream));

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    public static CitedConnections Collect(CaptureSet set, CaptureFacts facts, IReadOnlySet<(int Point, long FrameId)> evidence,
        int maxSegments, Action? onFrame = null)
    {
        var result = new CitedConnections();
        // Candidates: connections whose first..last frame spans an evidence frame of their point.
        var candidates = new HashSet<(int, int)>();
        var lastFrame = new long[facts.Points.Count];
        Array.Fill(lastFrame, long.MinValue);
        for (int p = 0; p < facts.Points.Count; p++)
        {
            var frames = evidence.Where(e => e.Point == p).Select(e => e.FrameId).Order().ToArray();
            if (frames.Length == 0) continue;
            foreach (var c in facts.Points[p].Connections)
            {
                int at = Array.BinarySearch(frames, c.FirstFrame);
                if (at < 0) at = ~at;
                if (at < frames.Length && frames[at] <= c.LastFrame)
                {
                    candidates.Add((p, c.Stream));
                    lastFrame[p] = Math.Max(lastFrame[p], c.LastFrame);
                }
            }
        }
        if (candidates.Count == 0) return result;

        var trackers = new List<FlowTracker>();
        int pointsLeft = lastFrame.Count(f => f != long.MinValue);
        using var pipeline = new DecodingPipeline(set, onFrame);
        while (pointsLeft > 0 && pipeline.Next() is { } batch)
        {
            for (int i = 0; i < batch.Count && pointsLeft > 0; i++)
            {
                ref var f = ref batch[i];
                while (trackers.Count <= f.Point) trackers.Add(new FlowTracker());
                if (f.Point >= lastFrame.Length || lastFrame[f.Point] == long.MinValue) continue;
                var tracker = trackers[f.Point];
                if (tracker.ProcessDecoded(f.FrameId, f.TimestampNs, f.Kind, f.Packet, batch.Payload(f), out var a) &&
                    candidates.Contains((f.Point, a.Stream)))
                    result.Add(f.Point, tracker.Tcp.Connections[a.Stream], f, a, evidence.Contains((f.Point, f.FrameId)), maxSegments);
                if (f.FrameId >= lastFrame[f.Point])
                {
                    lastFrame[f.Point] = long.MinValue;
                    pointsLeft--;
                }
            }
            pipeline.Return(batch);
        }
        return result;
    }

    private void Add(int point, TcpConnection c, in DecodedFrame f, in TcpSegmentAnalysis a, bool isEvidence, int maxSegments)
    {
        var key = (point, a.Stream);
        if (isEvidence) _streamOfEvidence[(point, f.FrameId)] = a.Stream;
        if (!_rows.TryGetValue(key, out var rows)) _rows[key] = rows = [];
        if (rows.Count >= maxSegments)
        {
            _notShown[key] = _notShown.GetValueOrDefault(key) + 1;
            return;
        }
        ref readonly var p = ref f.Packet;
        // SACK edges are the peer's sequence numbers: relative to the peer's initial sequence number.
        var peer = c.Direction(!a.FromOriginator);
        var sack = new List<(uint, uint)>(p.TcpOptions.SackBlockCount);
        for (int i = 0; i < p.TcpOptions.SackBlockCount && i < TcpOptionsSummary.MaxSackBlocks; i++)
            sack.Add((p.TcpOptions.SackLeft(i).Value - peer.BaseSeq, p.TcpOptions.SackRight(i).Value - peer.BaseSeq));
        var analysis = TcpAnalysisNames.Of(a.Flags).Select(x => x.Field).ToList();
        rows.Add(new SegmentRow(
            Frame: FrameLabel(f.FrameId),
            FrameId: f.FrameId,
            Time: (f.TimestampNs - c.StartNs) / 1e9,
            FromOriginator: a.FromOriginator,
            Flags: TcpFlagsText.ToWiresharkList(p.TcpFlags),
            Seq: a.RelativeSeq,
            Ack: a.RelativeAck,
            HasAck: (p.TcpFlags & TcpFlags.Ack) != 0,
            Length: Math.Max(0, p.PayloadLength),
            Window: a.ScaledWindow,
            Analysis: analysis,
            AckRttMs: a.AckRttNs > 0 ? a.AckRttNs / 1e6 : null,
            Sack: sack,
            Evidence: isEvidence));
    }

    /// <summary>A frame as Wireshark numbers it ("12"), with its file's ordinal in a ring buffer ("2:12").</summary>
    internal static string FrameLabel(long frameId)
    {
        int file = FrameId.FileOrdinal(frameId);
        long n = FrameId.Number(frameId);
        return file == 0 ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{file + 1}:{n}";
    }
}
