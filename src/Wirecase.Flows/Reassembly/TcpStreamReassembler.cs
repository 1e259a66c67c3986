using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Flows.Reassembly;

/// <summary>Both directions of one connection's payload, fed segment by segment with their analysis.</summary>
public sealed class TcpStreamReassembler
{
    // Created when a direction first carries payload: most connections of a busy capture carry little.
    private DirectionReassembler? _originator;
    private DirectionReassembler? _responder;
    private readonly IStreamSink _sink;
    private readonly ReassemblyBudget _budget;

    public TcpStreamReassembler(IStreamSink sink, ReassemblyBudget budget)
    {
        _sink = sink;
        _budget = budget;
    }

    public long DeliveredBytes(bool fromOriginator) => Existing(fromOriginator)?.Delivered ?? 0;
    public long GapBytes(bool fromOriginator) => Existing(fromOriginator)?.GapBytes ?? 0;
    public int Gaps(bool fromOriginator) => Existing(fromOriginator)?.Gaps ?? 0;
    public long OverlapBytes(bool fromOriginator) => Existing(fromOriginator)?.OverlapBytes ?? 0;
    public long ConflictBytes(bool fromOriginator) => Existing(fromOriginator)?.ConflictBytes ?? 0;

    private DirectionReassembler? Existing(bool fromOriginator) => fromOriginator ? _originator : _responder;

    private DirectionReassembler Direction(bool fromOriginator) => fromOriginator
        ? _originator ??= new DirectionReassembler(true, _budget)
        : _responder ??= new DirectionReassembler(false, _budget);

    /// <summary>Feeds one segment; <paramref name="payload"/> holds the captured payload bytes.</summary>
    public void OnSegment(TcpConnection connection, in DecodedPacket p, in TcpSegmentAnalysis a, ReadOnlySpan<byte> payload, long frame)
    {
        var flags = p.TcpFlags;
        if (p.PayloadLength > 0)
        {
            var own = Direction(a.FromOriginator);
            var sender = connection.Direction(a.FromOriginator);
            // The stream starts after the SYN when it was seen (so data lost before the first captured one is a gap).
            if (!own.Started && sender.SawSyn) own.Start(sender.BaseSeq + 1);
            uint seq = (flags & TcpFlags.Syn) != 0 ? p.Sequence.Value + 1 : p.Sequence.Value;
            own.OnSegment(seq, payload, p.PayloadLength, frame, _sink);
        }
        if ((flags & TcpFlags.Ack) != 0) Existing(!a.FromOriginator)?.OnPeerAck(p.Acknowledgment.Value, frame, _sink);
        if ((flags & (TcpFlags.Fin | TcpFlags.Rst)) != 0) Existing(a.FromOriginator)?.Finish(frame, _sink);
    }

    /// <summary>End of capture: flush what is buffered, with gaps for the holes.</summary>
    public void Finish(long frame)
    {
        _originator?.Finish(frame, _sink);
        _responder?.Finish(frame, _sink);
    }
}
