using Wirecase.Flows.Tcp;
using Wirecase.Packets.Transport;

namespace Wirecase.Diagnosis.Facts;

/// <summary>A TCP segment worth remembering for the rules (a retransmission, a zero window, a SYN answered by an ACK…).</summary>
public readonly record struct SegmentEvent(
    long Frame,
    long TimestampNs,
    bool FromOriginator,
    TcpAnalysisFlags Flags,
    uint RelativeSeq,
    int PayloadLength,
    long RtoNs,
    long RtoFrame,
    bool DontFragment,
    TcpFlags TcpFlags,
    byte Ttl,
    uint IpId,
    bool HasTimestamps,
    long AckRttNs)
{
    public bool Has(TcpAnalysisFlags flag) => (Flags & flag) != 0;
}
