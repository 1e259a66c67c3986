using System.Runtime.CompilerServices;
using Wirecase.Capture;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;
using Wirecase.Flows;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Reports.Model;

/// <summary>
/// The second reading of the captures for a report: the segments of the TCP connections the findings cite. The first
/// reading (the analysis) tells which frames are evidence and which connections span them; this one analyses those
/// candidates' segments again (same flags, same relative numbers), keeps them and learns which connection each
/// evidence frame belongs to. Other frames are only decoded; the reading stops once every candidate has ended.
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

    /// <summary>What the reading still waits for at one point.</summary>
    private sealed class PointState
    {
        public long LastEvidence = long.MinValue;
        /// <summary>Candidates neither ended nor full, by the frame that ends them (the first reading's last frame).</summary>
        public readonly PriorityQueue<TcpConnection, long> Open = new();
        public readonly HashSet<TcpConnection> Done = [];
        public TcpConnectionTable? Table;
        public bool Finished(long frameId)
        {
            while (Open.TryPeek(out var c, out long last) && (last <= frameId || Done.Contains(c))) Done.Add(Open.Dequeue());
            return frameId >= LastEvidence && Open.Count == 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    public static CitedConnections Collect(CaptureSet set, CaptureFacts facts, IReadOnlySet<(int Point, long FrameId)> evidence,
        int maxSegments, Action? onFrame = null)
    {
        var result = new CitedConnections();
        // Candidates: connections whose first..last frame spans an evidence frame of their point, by 4-tuple.
        var candidates = new Dictionary<(int Point, FlowKey Key), List<TcpConnection>>();
        var states = new PointState?[facts.Points.Count];
        for (int p = 0; p < facts.Points.Count; p++)
        {
            var frames = evidence.Where(e => e.Point == p).Select(e => e.FrameId).Order().ToArray();
            if (frames.Length == 0) continue;
            var state = new PointState { LastEvidence = frames[^1] };
            foreach (var c in facts.Points[p].Connections)
            {
                int at = Array.BinarySearch(frames, c.FirstFrame);
                if (at < 0) at = ~at;
                if (at >= frames.Length || frames[at] > c.LastFrame || c.OnlyInIcmpQuote) continue;
                if (!candidates.TryGetValue((p, c.Key), out var list)) candidates[(p, c.Key)] = list = [];
                list.Add(c);
                state.Open.Enqueue(c, c.LastFrame);
            }
            if (state.Open.Count > 0) states[p] = state;
        }
        int pointsLeft = states.Count(s => s is not null);
        if (pointsLeft == 0) return result;

        // Only the candidates' segments are analysed again, each 4-tuple in a table of its own point: a connection's
        // TCP analysis depends on its own segments only, so flags and relative numbers come out as in the first
        // reading; the first reading's stream number is found by the connection's first frame. The reading stops
        // at each point once past its last evidence frame with every candidate ended or holding its segments.
        // Frames are read and decoded on this thread (checksums unverified): most are only looked at.
        var decoders = set.Readers.Select(_ => new PacketDecoder(verifyChecksums: false)).ToArray();
        var packet = new DecodedPacket();
        while (pointsLeft > 0 && set.MoveNext())
        {
            onFrame?.Invoke();
            int point = set.CurrentPoint;
            if (point >= states.Length || states[point] is not { } state) continue;
            var frame = set.Current;
            long frameId = set.CurrentFrameId;
            if (frame.Kind == FrameKind.Packet)
            {
                decoders[set.CurrentFileIndex].Decode(frame, ref packet);
                if (packet.IsTcp && packet.TransportHeaderComplete)
                {
                    var key = FlowKey.For(packet.Source, packet.SourcePort, packet.Destination, packet.DestinationPort, 6, out _);
                    if (candidates.TryGetValue((point, key), out var firstReading))
                    {
                        var again = (state.Table ??= new TcpConnectionTable()).Process(frameId, frame.TimestampNs, packet, out var a);
                        if ((firstReading.Find(c => c.FirstFrame == again.FirstFrame) ??
                             firstReading.Find(c => c.FirstFrame <= frameId && frameId <= c.LastFrame)) is { } original)
                        {
                            a.Stream = original.Stream;
                            bool isEvidence = evidence.Contains((point, frameId));
                            if (!result.Add(point, again, frameId, frame.TimestampNs, packet, a, isEvidence, maxSegments))
                                state.Done.Add(original);
                        }
                    }
                }
            }
            if (state.Finished(frameId))
            {
                states[point] = null;
                pointsLeft--;
            }
        }
        // Segments past the limit (or past where the reading stopped) are counted from the first reading's totals.
        foreach (var list in candidates)
            foreach (var c in list.Value)
            {
                var key = (list.Key.Point, c.Stream);
                long total = c.Originator.Packets + c.Responder.Packets;
                long kept = result._rows.TryGetValue(key, out var rows) ? rows.Count : 0;
                if (kept > 0 && total > kept) result._notShown[key] = total - kept;
            }
        return result;
    }

    /// <summary>Keeps the segment (unless the connection holds its limit); false once it does.</summary>
    private bool Add(int point, TcpConnection c, long frameId, long timestampNs, in DecodedPacket p, in TcpSegmentAnalysis a,
        bool isEvidence, int maxSegments)
    {
        var key = (point, a.Stream);
        if (isEvidence) _streamOfEvidence[(point, frameId)] = a.Stream;
        if (!_rows.TryGetValue(key, out var rows)) _rows[key] = rows = [];
        if (rows.Count >= maxSegments) return false;
        // SACK edges are the peer's sequence numbers: relative to the peer's initial sequence number.
        var peer = c.Direction(!a.FromOriginator);
        var sack = new List<(uint, uint)>(p.TcpOptions.SackBlockCount);
        for (int i = 0; i < p.TcpOptions.SackBlockCount && i < TcpOptionsSummary.MaxSackBlocks; i++)
            sack.Add((p.TcpOptions.SackLeft(i).Value - peer.BaseSeq, p.TcpOptions.SackRight(i).Value - peer.BaseSeq));
        var analysis = TcpAnalysisNames.Of(a.Flags).Select(x => x.Field).ToList();
        rows.Add(new SegmentRow(
            Frame: FrameLabel(frameId),
            FrameId: frameId,
            Time: (timestampNs - c.StartNs) / 1e9,
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
        return rows.Count < maxSegments;
    }

    /// <summary>A frame as Wireshark numbers it ("12"), with its file's ordinal in a ring buffer ("2:12").</summary>
    internal static string FrameLabel(long frameId)
    {
        int file = FrameId.FileOrdinal(frameId);
        long n = FrameId.Number(frameId);
        return file == 0 ? n.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"{file + 1}:{n}";
    }
}
