namespace Wirecase.Correlation.Matching;

/// <summary>How the copies of one segment at two points differ, beyond what routing and NAT change (TTL, checksums,
/// addresses and ports).</summary>
[Flags]
public enum SegmentDifference : ushort
{
    None = 0,
    /// <summary>The payload length changed.</summary>
    Length = 1 << 0,
    /// <summary>Same length, other bytes.</summary>
    Payload = 1 << 1,
    /// <summary>The acknowledgment number moved (relative to the connection's ISNs).</summary>
    Ack = 1 << 2,
    /// <summary>SYN, FIN, RST or ACK set or cleared.</summary>
    Flags = 1 << 3,
    /// <summary>The MSS option was lowered (clamping by a router or firewall: expected, noted).</summary>
    MssClamped = 1 << 4,
    /// <summary>The MSS option changed otherwise, appeared or vanished.</summary>
    Mss = 1 << 5,
    /// <summary>The advertised window changed.</summary>
    Window = 1 << 6,
    /// <summary>Several segments at one point are one at the other (TSO/GRO, or a middlebox that resegments).</summary>
    Resegmented = 1 << 7,
    /// <summary>The segment arrived at the second point after a segment the first point saw later.</summary>
    Reordered = 1 << 8,
}
