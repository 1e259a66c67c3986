namespace Wirecase.Flows.Tcp;

/// <summary>What the analysis concluded about one TCP segment (Wireshark's tcp.analysis values and more).</summary>
public struct TcpSegmentAnalysis
{
    /// <summary>The connection's index, numbered like Wireshark's tcp.stream (0-based, in order of first frame).</summary>
    public int Stream;
    /// <summary>True when the segment went from the connection's originator (the side that sent the first SYN,
    /// or the first packet seen) to the responder.</summary>
    public bool FromOriginator;
    public TcpAnalysisFlags Flags;
    /// <summary>Sequence and acknowledgment numbers relative to each side's initial sequence number.</summary>
    public uint RelativeSeq;
    public uint RelativeAck;
    /// <summary>Which duplicate ACK this is (1, 2, …) and the frame it duplicates.</summary>
    public int DuplicateAckNumber;
    public long DuplicateAckOfFrame;
    /// <summary>Frame whose data this segment acknowledges and the time since it (the ACK RTT); 0 when none.</summary>
    public long AckedFrame;
    public long AckRttNs;
    /// <summary>The acknowledged segment was a retransmission (so the ACK RTT is ambiguous; metrics skip it).</summary>
    public bool AckedRetransmission;
    /// <summary>For retransmissions: time since the segment that first reached this sequence, and its frame.</summary>
    public long RtoNs;
    public long RtoFrame;
    /// <summary>Bytes sent and not yet acknowledged after this segment (0 when not known).</summary>
    public uint BytesInFlight;
    /// <summary>The connection's handshake round-trip time, once known (SYN to the ACK of the SYN-ACK).</summary>
    public long InitialRttNs;
    /// <summary>The receive window after scaling (-1 when the scale is unknown).</summary>
    public long ScaledWindow;
    /// <summary>The segment's sequence space: payload plus one for SYN and one for FIN.</summary>
    public int SequenceLength;

    public readonly bool Has(TcpAnalysisFlags flag) => (Flags & flag) != 0;
}
