namespace Wirecase.Flows.Tcp;

/// <summary>
/// What is known about one direction of a connection (one sender): its initial sequence number, the highest sequence
/// it has reached, its last acknowledgment and window, duplicate-ACK counting and its unacknowledged segments. The
/// fields mirror the per-direction state of Wireshark's analysis so the flags come out with the same meaning.
/// </summary>
public sealed class TcpDirection
{
    /// <summary>Window scale: a shift count, <see cref="ScaleUnknown"/> (no handshake seen) or <see cref="ScaleNone"/>.</summary>
    public const int ScaleUnknown = -1, ScaleNone = -2;

    /// <summary>A struct field: mutate it in place (through <c>ref</c>), never through a copy.</summary>
    internal UnackedSegments Unacked;

    public bool BaseSeqSet { get; internal set; }
    /// <summary>The sender's initial sequence number (from its SYN, or one less than its first segment's).</summary>
    public uint BaseSeq { get; internal set; }
    public bool SawSyn { get; internal set; }
    public bool SawFin { get; internal set; }
    public bool SawRst { get; internal set; }

    // Highest sequence reached (seq + length, SYN/FIN count one), the frame and time that reached it.
    internal bool HasNextSeq;
    internal uint NextSeq;
    /// <summary>The sequence number after the highest byte this side sent, when it sent anything.</summary>
    public uint? NextSeqValue => HasNextSeq ? NextSeq : null;
    internal long NextSeqFrame;
    internal long NextSeqTimeNs;
    // Highest contiguous sequence expected to be acknowledged (for "ACKed unseen segment").
    internal bool HasMaxSeqToBeAcked;
    internal uint MaxSeqToBeAcked;
    // The last acknowledgment this side sent, and when.
    internal bool HasLastAck;
    internal uint LastAck;
    internal long LastAckTimeNs;
    internal long LastNonDupAckFrame;

    /// <summary>Whether this side ever sent an acknowledgment, and the last one (raw sequence of the peer's data).</summary>
    public bool HasLastAckValue => HasLastAck;
    public uint LastAckValue => LastAck;
    internal int DupAckCount;
    /// <summary>The last window field this side sent (unscaled), and whether it came on a SYN (never scaled).</summary>
    internal bool HasWindow;
    internal uint Window;
    internal bool WindowFromSyn;
    internal TcpAnalysisFlags LastSegmentFlags;
    internal bool ValidBytesInFlight = true;
    /// <summary>The SACK blocks (raw left, right edges) of this side's latest segment: data of the other side it holds
    /// above its acknowledgment, which is no longer in flight.</summary>
    /// <summary>For a resumed connection: where this side's sequence stood when it was let go of (its byte stream
    /// carries on from there).</summary>
    internal bool HasResumeSeq;
    internal uint ResumeSeq;
    internal uint[]? SackEdges;   // allocated at the first SACK block (most connections never send one)
    internal int SackBlocks;

    public int WindowScale { get; internal set; } = ScaleUnknown;
    public ushort? Mss { get; internal set; }
    public bool SackPermitted { get; internal set; }
    public bool Timestamps { get; internal set; }

    // Metrics
    public long Packets { get; internal set; }
    public long Bytes { get; internal set; }
    public long PayloadBytes { get; internal set; }
    public long Retransmissions { get; internal set; }
    public long LostSegments { get; internal set; }
    public long DuplicateAcks { get; internal set; }
    public long ZeroWindows { get; internal set; }
    public uint MaxBytesInFlight { get; internal set; }
    public long RttSamples { get; internal set; }
    public long RttSumNs { get; internal set; }
    public long RttMinNs { get; internal set; } = long.MaxValue;
    public long RttMaxNs { get; internal set; }
    /// <summary>When this side started advertising a zero window (0 when it is not), and the total time so far.</summary>
    internal long ZeroWindowSinceNs;
    public long ZeroWindowTimeNs { get; internal set; }
    /// <summary>Time of this side's latest segment carrying data (0 before the first).</summary>
    public long LastPayloadNs { get; internal set; }
    /// <summary>TTL / hop limit of this side's packets: the first value and whether it ever changed.</summary>
    public byte FirstTtl { get; internal set; }
    public bool TtlVaries { get; internal set; }
    public bool TtlSeen { get; internal set; }
    /// <summary>IP ID style seen so far on this sender's non-SYN packets: 0 unknown, 1 always zero, 2 non-zero.</summary>
    internal byte IpIdStyle;
    /// <summary>TCP timestamps on this sender's non-SYN packets: 0 unknown, 1 always present, 2 always absent.</summary>
    internal byte TimestampStyle;
    /// <summary>Packets whose IP ID or options style differed from the sender's usual one.</summary>
    public long StyleChanges { get; internal set; }
    /// <summary>Packets whose TTL differed from the first one.</summary>
    public long TtlChanges { get; internal set; }
    /// <summary>Packets with a bad TCP checksum (all from one side: checksum offload on the capturing host).</summary>
    public long BadChecksums { get; internal set; }

    /// <summary>Back to the state of a new object (for a connection object reused by the table); arrays are kept.</summary>
    internal void Reset()
    {
        Unacked.Release();
        BaseSeqSet = SawSyn = SawFin = SawRst = false;
        BaseSeq = 0;
        HasNextSeq = HasMaxSeqToBeAcked = HasLastAck = HasWindow = WindowFromSyn = false;
        NextSeq = MaxSeqToBeAcked = LastAck = Window = 0;
        NextSeqFrame = NextSeqTimeNs = LastAckTimeNs = LastNonDupAckFrame = 0;
        DupAckCount = 0;
        LastSegmentFlags = default;
        ValidBytesInFlight = true;
        SackBlocks = 0;
        HasResumeSeq = false;
        ResumeSeq = 0;
        WindowScale = ScaleUnknown;
        Mss = null;
        SackPermitted = Timestamps = false;
        Packets = Bytes = PayloadBytes = Retransmissions = LostSegments = DuplicateAcks = ZeroWindows = 0;
        MaxBytesInFlight = 0;
        RttSamples = RttSumNs = RttMaxNs = 0;
        RttMinNs = long.MaxValue;
        ZeroWindowSinceNs = ZeroWindowTimeNs = LastPayloadNs = 0;
        FirstTtl = 0;
        TtlVaries = TtlSeen = false;
        IpIdStyle = TimestampStyle = 0;
        StyleChanges = TtlChanges = BadChecksums = 0;
    }

    /// <summary>The window scaled as negotiated (a SYN's window is never scaled).</summary>
    internal long ScaledWindow(uint window, bool isSyn) =>
        isSyn || WindowScale == ScaleNone ? window : WindowScale >= 0 ? (long)window << WindowScale : window;
}
