using Wirecase.Flows.Tcp;
using Wirecase.Packets.Transport;

namespace Wirecase.Correlation.Matching;

/// <summary>One TCP segment as captured at one point, reduced to what matching and verdicts need (no bytes kept).</summary>
public struct SegmentRecord
{
    public int Point;
    /// <summary>The frame's identity within its point (Wireshark's number, or file#number for later ring files).</summary>
    public long FrameId;
    public long TimeNs;
    /// <summary>Its position among the segments of its direction at its point (for reordering).</summary>
    public long Arrival;
    /// <summary>Payload bytes of its segment this point has seen (less than the segment's length while parts of a split
    /// segment are missing).</summary>
    public int Covered;
    /// <summary>tcp.stream at that point.</summary>
    public int Stream;
    /// <summary>Sent by the connection's client (the side that sent the SYN).</summary>
    public bool FromClient;
    /// <summary>Sequence and acknowledgment numbers in the conversation's own space (relative to each side's ISN).</summary>
    public uint Seq;
    public uint Ack;
    public uint RawSeq;
    public uint RawAck;
    public int Length;
    public TcpFlags Flags;
    public ulong PayloadHash;
    /// <summary>All payload bytes were captured (a snap length did not cut them), so the hash covers them all.</summary>
    public bool PayloadComplete;
    public byte Ttl;
    public uint IpId;
    public ushort Window;
    /// <summary>The MSS option's value, 0 when absent.</summary>
    public ushort Mss;
    /// <summary>The timestamp option's TSval (0 when absent): a retransmission carries a new one, a copy the same.</summary>
    public uint TsVal;
    public TcpAnalysisFlags Analysis;

    public readonly bool IsSyn => (Flags & TcpFlags.Syn) != 0;
    public readonly bool IsRst => (Flags & TcpFlags.Rst) != 0;
    public readonly bool IsFin => (Flags & TcpFlags.Fin) != 0;
    public readonly bool HasAck => (Flags & TcpFlags.Ack) != 0;

    /// <summary>What a segment is, in the words of a ladder: SYN, SYN-ACK, RST, FIN, data or ACK.</summary>
    public readonly SegmentKind Kind =>
        IsSyn ? (HasAck ? SegmentKind.SynAck : SegmentKind.Syn)
        : IsRst ? SegmentKind.Rst
        : Length > 0 ? SegmentKind.Data
        : IsFin ? SegmentKind.Fin
        : SegmentKind.Ack;

    /// <summary>The flags that define a segment's role; PSH, ECE and CWR may be changed on the way without meaning much.</summary>
    public readonly TcpFlags RoleFlags => Flags & (TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst | TcpFlags.Ack);
}

public enum SegmentKind : byte
{
    Syn,
    SynAck,
    Rst,
    Fin,
    Data,
    Ack,
}
