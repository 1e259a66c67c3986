namespace Wirecase.Packets;

/// <summary>Outcome of decoding a header. Truncated is not malformed: a snaplen cut is normal in captures.</summary>
public enum DecodeStatus : byte
{
    /// <summary>The header is complete and consistent; every accessor of the view is safe.</summary>
    Ok,
    /// <summary>The capture holds fewer bytes than the header needs (snaplen, or the frame was cut).</summary>
    Truncated,
    /// <summary>The bytes contradict the protocol (IHL below 5, a length field smaller than the header…).</summary>
    Malformed,
    /// <summary>A protocol Wirecase does not decode.</summary>
    Unsupported,
}

/// <summary>What was wrong with a frame, named after the layer and the fault. Stable ids, no severity.</summary>
public enum PacketProblem : byte
{
    None,
    LinkTruncated,
    LinkUnsupported,
    VlanTooManyTags,
    MplsTooManyLabels,
    Ipv4Truncated,
    Ipv4BadVersion,
    Ipv4BadHeaderLength,
    Ipv4TotalLengthBelowHeader,
    Ipv4TotalLengthBeyondFrame,
    Ipv6Truncated,
    Ipv6BadVersion,
    Ipv6ExtensionHeaderTruncated,
    Ipv6TooManyExtensionHeaders,
    Ipv6PayloadLengthBeyondFrame,
    TcpTruncated,
    TcpBadHeaderLength,
    TcpOptionMalformed,
    UdpTruncated,
    UdpBadLength,
    IcmpTruncated,
    ArpTruncated,
    FragmentDropped,
}

/// <summary>Stable snake_case ids of <see cref="PacketProblem"/> values, for reports and filters.</summary>
public static class PacketProblemIds
{
    public static string Id(PacketProblem problem) => problem switch
    {
        PacketProblem.None => "",
        PacketProblem.LinkTruncated => "link.truncated",
        PacketProblem.LinkUnsupported => "link.unsupported",
        PacketProblem.VlanTooManyTags => "vlan.too_many_tags",
        PacketProblem.MplsTooManyLabels => "mpls.too_many_labels",
        PacketProblem.Ipv4Truncated => "ip.truncated",
        PacketProblem.Ipv4BadVersion => "ip.bad_version",
        PacketProblem.Ipv4BadHeaderLength => "ip.bad_header_len",
        PacketProblem.Ipv4TotalLengthBelowHeader => "ip.total_len_below_header",
        PacketProblem.Ipv4TotalLengthBeyondFrame => "ip.total_len_beyond_frame",
        PacketProblem.Ipv6Truncated => "ipv6.truncated",
        PacketProblem.Ipv6BadVersion => "ipv6.bad_version",
        PacketProblem.Ipv6ExtensionHeaderTruncated => "ipv6.ext_header_truncated",
        PacketProblem.Ipv6TooManyExtensionHeaders => "ipv6.too_many_ext_headers",
        PacketProblem.Ipv6PayloadLengthBeyondFrame => "ipv6.payload_len_beyond_frame",
        PacketProblem.TcpTruncated => "tcp.truncated",
        PacketProblem.TcpBadHeaderLength => "tcp.bad_header_len",
        PacketProblem.TcpOptionMalformed => "tcp.option_malformed",
        PacketProblem.UdpTruncated => "udp.truncated",
        PacketProblem.UdpBadLength => "udp.bad_length",
        PacketProblem.IcmpTruncated => "icmp.truncated",
        PacketProblem.ArpTruncated => "arp.truncated",
        PacketProblem.FragmentDropped => "ip.fragment_dropped",
        _ => problem.ToString(),
    };
}
