using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;

namespace Wirecase.Diagnosis.Facts;

/// <summary>
/// The notable segments of every connection, recorded during the pass (the TCP engine judges each segment once; the
/// rules read this log afterwards). At most <see cref="MaxPerConnection"/> per connection, so memory stays bounded.
/// </summary>
public sealed class SegmentEventLog
{
    public const int MaxPerConnection = 512;

    private const TcpAnalysisFlags Notable =
        TcpAnalysisFlags.Retransmission | TcpAnalysisFlags.FastRetransmission | TcpAnalysisFlags.SpuriousRetransmission |
        TcpAnalysisFlags.LostSegment | TcpAnalysisFlags.AckLostSegment | TcpAnalysisFlags.ZeroWindow |
        TcpAnalysisFlags.SynWithPayload | TcpAnalysisFlags.HandshakeAckMismatch | TcpAnalysisFlags.SynAnsweredByAck |
        TcpAnalysisFlags.SynOnOpenConnection | TcpAnalysisFlags.LargerThanMss | TcpAnalysisFlags.ReusedPorts |
        TcpAnalysisFlags.TtlChanged | TcpAnalysisFlags.IpIdStyleChanged | TcpAnalysisFlags.OptionsStyleChanged;

    private readonly Dictionary<int, List<SegmentEvent>> _byStream = [];

    public IReadOnlyList<SegmentEvent> Of(int stream) => _byStream.TryGetValue(stream, out var list) ? list : [];

    public void Add(long frame, long timestampNs, in DecodedPacket p, in TcpSegmentAnalysis a)
    {
        if ((a.Flags & Notable) == 0) return;
        if (!_byStream.TryGetValue(a.Stream, out var list)) _byStream[a.Stream] = list = [];
        if (list.Count >= MaxPerConnection) return;
        list.Add(new SegmentEvent(frame, timestampNs, a.FromOriginator, a.Flags, a.RelativeSeq, Math.Max(0, p.PayloadLength),
            a.RtoNs, a.RtoFrame, p.DontFragment, p.TcpFlags, p.Ttl, p.IpId, p.TcpOptions.HasTimestamps, a.AckRttNs));
    }
}
