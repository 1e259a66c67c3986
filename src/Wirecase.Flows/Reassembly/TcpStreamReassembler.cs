using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Flows.Reassembly;

/// <summary>Both directions of one connection's payload, fed segment by segment with their analysis.</summary>
public sealed class TcpStreamReassembler
{
    // Both directions inline: one object per connection (a capture can hold millions of them).
    private DirectionReassembler _originator;
    private DirectionReassembler _responder;
    private IStreamSink _sink;
    private readonly ReassemblyBudget _budget;

    public TcpStreamReassembler(IStreamSink sink, ReassemblyBudget budget)
    {
        _sink = sink;
        _budget = budget;
        _originator = new DirectionReassembler(true, budget);
        _responder = new DirectionReassembler(false, budget);
    }

    /// <summary>Starts over for another connection (after <see cref="Finish"/>: nothing is buffered).</summary>
    internal void Reuse(IStreamSink sink)
    {
        _sink = sink;
        _originator = new DirectionReassembler(true, _budget);
        _responder = new DirectionReassembler(false, _budget);
    }

    public long DeliveredBytes(bool fromOriginator) => Direction(fromOriginator).Delivered;
    public long GapBytes(bool fromOriginator) => Direction(fromOriginator).GapBytes;
    public int Gaps(bool fromOriginator) => Direction(fromOriginator).Gaps;
    public long OverlapBytes(bool fromOriginator) => Direction(fromOriginator).OverlapBytes;
    public long ConflictBytes(bool fromOriginator) => Direction(fromOriginator).ConflictBytes;

    private ref DirectionReassembler Direction(bool fromOriginator) => ref fromOriginator ? ref _originator : ref _responder;

    /// <summary>Feeds one segment; <paramref name="payload"/> holds the captured payload bytes.</summary>
    public void OnSegment(TcpConnection connection, in DecodedPacket p, in TcpSegmentAnalysis a, ReadOnlySpan<byte> payload, FrameTime frame)
    {
        if (!_sink.WantsData) return;
        var flags = p.TcpFlags;
        // The acknowledgment first: it concerns data the peer sent before this segment, which then reaches the sink
        // before this segment's own payload (a query held back by a hole comes out before the response acking it).
        if ((flags & TcpFlags.Ack) != 0) Direction(!a.FromOriginator).OnPeerAck(p.Acknowledgment.Value, frame, _sink);
        if (p.PayloadLength > 0)
        {
            ref var own = ref Direction(a.FromOriginator);
            var sender = connection.Direction(a.FromOriginator);
            // The stream starts after the SYN when it was seen (so data lost before the first captured one is a gap).
            if (!own.Started)
            {
                // A resumed connection's stream carries on where it was let go of.
                if (sender.HasResumeSeq) own.Start(sender.ResumeSeq);
                else if (sender.SawSyn) own.Start(sender.BaseSeq + 1);
            }
            uint seq = (flags & TcpFlags.Syn) != 0 ? p.Sequence.Value + 1 : p.Sequence.Value;
            own.OnSegment(seq, payload, p.PayloadLength, frame, _sink);
        }
        if ((flags & (TcpFlags.Fin | TcpFlags.Rst)) != 0)
        {
            Direction(a.FromOriginator).Finish(frame, _sink);
            _sink.OnEnd(a.FromOriginator, frame, (flags & TcpFlags.Rst) != 0 ? StreamEnd.Reset : StreamEnd.Fin);
        }
    }

    /// <summary>End of capture: flush what is buffered, with gaps for the holes.</summary>
    public void Finish(FrameTime frame)
    {
        _originator.Finish(frame, _sink);
        _responder.Finish(frame, _sink);
    }
}
