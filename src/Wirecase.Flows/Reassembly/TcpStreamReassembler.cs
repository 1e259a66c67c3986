using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Flows.Reassembly;

/// <summary>Both directions of one connection's payload, fed segment by segment with their analysis.</summary>
public sealed class TcpStreamReassembler
{
    private readonly DirectionReassembler _originator;
    private readonly DirectionReassembler _responder;
    private readonly IStreamSink _sink;

    public TcpStreamReassembler(IStreamSink sink, ReassemblyBudget budget)
    {
        _sink = sink;
        _originator = new DirectionReassembler(true, budget);
        _responder = new DirectionReassembler(false, budget);
    }

    public long DeliveredBytes(bool fromOriginator) => Direction(fromOriginator).Delivered;
    public long GapBytes(bool fromOriginator) => Direction(fromOriginator).GapBytes;
    public int Gaps(bool fromOriginator) => Direction(fromOriginator).Gaps;
    public long OverlapBytes(bool fromOriginator) => Direction(fromOriginator).OverlapBytes;

    private DirectionReassembler Direction(bool fromOriginator) => fromOriginator ? _originator : _responder;

    /// <summary>Feeds one segment; <paramref name="payload"/> holds the captured payload bytes.</summary>
    public void OnSegment(TcpConnection connection, in DecodedPacket p, in TcpSegmentAnalysis a, ReadOnlySpan<byte> payload, long frame)
    {
        var own = Direction(a.FromOriginator);
        var flags = p.TcpFlags;
        var sender = connection.Direction(a.FromOriginator);
        if (!own.Started && sender.SawSyn) own.Start(sender.BaseSeq + 1);
        if ((flags & TcpFlags.Syn) != 0)
        {
            own.Start(p.Sequence.Value + 1);
            if (p.PayloadLength > 0) own.OnSegment(p.Sequence.Value + 1, payload, p.PayloadLength, frame, _sink);
        }
        else if (p.PayloadLength > 0)
        {
            own.OnSegment(p.Sequence.Value, payload, p.PayloadLength, frame, _sink);
        }
        if ((flags & TcpFlags.Ack) != 0) Direction(!a.FromOriginator).OnPeerAck(p.Acknowledgment.Value, frame, _sink);
        if ((flags & (TcpFlags.Fin | TcpFlags.Rst)) != 0) own.Finish(frame, _sink);
    }

    /// <summary>End of capture: flush what is buffered, with gaps for the holes.</summary>
    public void Finish(long frame)
    {
        _originator.Finish(frame, _sink);
        _responder.Finish(frame, _sink);
    }
}
