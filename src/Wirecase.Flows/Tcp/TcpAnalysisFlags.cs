namespace Wirecase.Flows.Tcp;

/// <summary>
/// Per-segment analysis results with the meaning of Wireshark's <c>tcp.analysis.*</c> flags (packet-tcp.c), so that
/// filters and habits carry over; plus facts Wireshark does not flag but the cases need.
/// </summary>
[Flags]
public enum TcpAnalysisFlags : uint
{
    None = 0,
    Retransmission = 1 << 0,
    FastRetransmission = 1 << 1,
    SpuriousRetransmission = 1 << 2,
    OutOfOrder = 1 << 3,
    /// <summary>Previous segment not captured: this segment starts beyond the highest sequence seen.</summary>
    LostSegment = 1 << 4,
    /// <summary>ACKed segment that wasn't captured: the ACK covers data never seen.</summary>
    AckLostSegment = 1 << 5,
    DuplicateAck = 1 << 6,
    ZeroWindow = 1 << 7,
    ZeroWindowProbe = 1 << 8,
    ZeroWindowProbeAck = 1 << 9,
    WindowFull = 1 << 10,
    WindowUpdate = 1 << 11,
    KeepAlive = 1 << 12,
    KeepAliveAck = 1 << 13,
    /// <summary>A SYN on a 4-tuple whose earlier connection used another initial sequence number: a new stream.</summary>
    ReusedPorts = 1 << 14,

    // Facts beyond Wireshark's flags (Cases A–D).
    /// <summary>A SYN or SYN-ACK that carries payload (Case D: the SYN-ACK grew 2 bytes in transit).</summary>
    SynWithPayload = 1 << 16,
    /// <summary>The handshake ACK does not acknowledge the peer's ISN + 1 (Case D).</summary>
    HandshakeAckMismatch = 1 << 17,
    /// <summary>A SYN answered by a bare ACK unrelated to it: stale state / challenge ACK (Case C, RFC 5961 §4).</summary>
    SynAnsweredByAck = 1 << 18,
    /// <summary>A SYN while the earlier connection on the 4-tuple is still open (not closed by FIN/RST).</summary>
    SynOnOpenConnection = 1 << 19,
    /// <summary>Payload larger than the MSS the peer announced: segmentation offload on the capturing host.</summary>
    LargerThanMss = 1 << 20,
    /// <summary>The TTL / hop limit differs from this sender's first packet on the connection: the packet may come from a
    /// middlebox speaking for the host (Cases B and C), or the route changed.</summary>
    TtlChanged = 1 << 21,
    /// <summary>The IP ID style differs from this sender's other packets (zero where it counts, or the reverse).</summary>
    IpIdStyleChanged = 1 << 22,
    /// <summary>The TCP options style differs: timestamps missing (or present) where this sender always sent them
    /// (or never did) after the handshake.</summary>
    OptionsStyleChanged = 1 << 23,
}

/// <summary>Wireshark's field names and info-column words for each flag.</summary>
public static class TcpAnalysisNames
{
    private static readonly (TcpAnalysisFlags Flag, string Field, string Info)[] Table =
    [
        (TcpAnalysisFlags.ReusedPorts, "tcp.analysis.reused_ports", "TCP Port numbers reused"),
        (TcpAnalysisFlags.Retransmission, "tcp.analysis.retransmission", "TCP Retransmission"),
        (TcpAnalysisFlags.FastRetransmission, "tcp.analysis.fast_retransmission", "TCP Fast Retransmission"),
        (TcpAnalysisFlags.SpuriousRetransmission, "tcp.analysis.spurious_retransmission", "TCP Spurious Retransmission"),
        (TcpAnalysisFlags.OutOfOrder, "tcp.analysis.out_of_order", "TCP Out-Of-Order"),
        (TcpAnalysisFlags.LostSegment, "tcp.analysis.lost_segment", "TCP Previous segment not captured"),
        (TcpAnalysisFlags.AckLostSegment, "tcp.analysis.ack_lost_segment", "TCP ACKed unseen segment"),
        (TcpAnalysisFlags.WindowUpdate, "tcp.analysis.window_update", "TCP Window Update"),
        (TcpAnalysisFlags.WindowFull, "tcp.analysis.window_full", "TCP Window Full"),
        (TcpAnalysisFlags.ZeroWindow, "tcp.analysis.zero_window", "TCP ZeroWindow"),
        (TcpAnalysisFlags.ZeroWindowProbe, "tcp.analysis.zero_window_probe", "TCP ZeroWindowProbe"),
        (TcpAnalysisFlags.ZeroWindowProbeAck, "tcp.analysis.zero_window_probe_ack", "TCP ZeroWindowProbeAck"),
        (TcpAnalysisFlags.KeepAlive, "tcp.analysis.keep_alive", "TCP Keep-Alive"),
        (TcpAnalysisFlags.KeepAliveAck, "tcp.analysis.keep_alive_ack", "TCP Keep-Alive ACK"),
        (TcpAnalysisFlags.DuplicateAck, "tcp.analysis.duplicate_ack", "TCP Dup ACK"),
        (TcpAnalysisFlags.SynWithPayload, "wirecase.tcp.syn_with_payload", "SYN with payload"),
        (TcpAnalysisFlags.HandshakeAckMismatch, "wirecase.tcp.handshake_ack_mismatch", "Handshake ACK is not ISN+1"),
        (TcpAnalysisFlags.SynAnsweredByAck, "wirecase.tcp.syn_answered_by_ack", "SYN answered by ACK (stale state)"),
        (TcpAnalysisFlags.SynOnOpenConnection, "wirecase.tcp.syn_on_open_connection", "SYN on a connection still open"),
        (TcpAnalysisFlags.LargerThanMss, "wirecase.tcp.larger_than_mss", "Larger than MSS (offload)"),
        (TcpAnalysisFlags.TtlChanged, "wirecase.tcp.ttl_changed", "TTL differs from this sender's other packets"),
        (TcpAnalysisFlags.IpIdStyleChanged, "wirecase.tcp.ip_id_style_changed", "IP ID style differs from this sender's other packets"),
        (TcpAnalysisFlags.OptionsStyleChanged, "wirecase.tcp.options_style_changed", "TCP options differ from this sender's other packets"),
    ];

    /// <summary>Every flag with its field name and info-column words.</summary>
    public static IReadOnlyList<(TcpAnalysisFlags Flag, string Field, string Info)> All => Table;

    /// <summary>The flags set, in Wireshark's display order.</summary>
    public static IEnumerable<(TcpAnalysisFlags Flag, string Field, string Info)> Of(TcpAnalysisFlags flags)
    {
        foreach (var entry in Table)
            if ((flags & entry.Flag) != 0) yield return entry;
    }

    public static string Field(TcpAnalysisFlags flag) => Table.First(e => e.Flag == flag).Field;
}
