using Wirecase.Packets;
using Wirecase.Packets.Decoding;

namespace Wirecase.EndToEnd.Tests.Corpus;

/// <summary>
/// Known, understood reasons why Wirecase's view of a frame differs from tshark's. Each rule reads the facts of the
/// frame (tshark's protocol stack, Wirecase's decode) — never a file name — so a new capture is judged the same way.
/// </summary>
public static class Explanations
{
    private static readonly string[] TunnelProtocols =
        ["gre", "vxlan", "teredo", "gtp", "l2tp", "erspan", "geneve", "mpls", "pppoes", "ipip", "6in4", "etherip", "ipcomp"];

    public static string? Explain(string field, string ours, string theirs, string protocols, in DecodedPacket p,
        Wirecase.Capture.CaptureReader reader, long frame)
    {
        if (field == "frame.time_epoch")
            return TimestampReason(ours, theirs, reader, frame);
        var layers = protocols.Split(':');
        string prefix = field.Split('.')[0];
        int icmp = Array.FindIndex(layers, l => l is "icmp" or "icmpv6");
        bool quotedAfterIcmp = icmp >= 0 && layers.Skip(icmp + 1).Any(l => l is "ip" or "ipv6");
        if (quotedAfterIcmp && p.Has(PacketLayers.IcmpQuote) && prefix is "tcp" or "udp" or "icmp" or "icmpv6" or "ip" or "ipv6")
            return "tshark shows fields of the datagram quoted inside the ICMP error; Wirecase keeps the quote's addresses, ports and sequence separately";
        int firstIp = Array.FindIndex(layers, l => l is "ip" or "ipv6");
        bool tunnel = firstIp >= 0 && p.IsIp && (layers.Skip(firstIp + 1).Any(l => l is "ip" or "ipv6") || layers.Any(l => TunnelProtocols.Contains(l)));
        if (tunnel && prefix is "tcp" or "udp" or "icmp" or "icmpv6" or "ipv6" or "ip")
            return "tshark decodes the tunnelled packet inside; Wirecase stops at the outer IP header (tunnels are not decoded yet)";
        if (ours.Length == 0 && theirs.Length > 0 && p.Problem is PacketProblem.Ipv4Truncated or PacketProblem.Ipv6Truncated
                or PacketProblem.TcpTruncated or PacketProblem.UdpTruncated && prefix is "ip" or "ipv6" or "tcp" or "udp")
            return "the header is cut short by the capture: tshark shows the fields of the bytes present, Wirecase marks the header truncated and keeps only complete fields";
        if (ours.Length == 0 && theirs.Length > 0 && p.Problem is PacketProblem.Ipv4BadHeaderLength or PacketProblem.Ipv4BadVersion
                or PacketProblem.Ipv6BadVersion && prefix is "ip" or "ipv6")
            return "the IP header is malformed (bad version or header length): tshark prints its raw fields, Wirecase reports it malformed and decodes nothing beyond";
        if (p.Problem is PacketProblem.TcpBadHeaderLength && prefix == "tcp")
            return "the TCP data offset is below 20 bytes (malformed): tshark prints a partial header, Wirecase keeps only the ports and marks it malformed";
        if (p.Problem is PacketProblem.Ipv4TotalLengthBelowHeader && prefix is "ip" or "tcp" or "udp" or "icmp")
            return "the IPv4 total length is below the header length: tshark discards the header, Wirecase keeps its fields and marks it malformed";
        if (p.Problem is PacketProblem.Ipv4TotalLengthBeyondFrame && prefix is "tcp" or "udp" or "icmp")
            return "the IPv4 total length claims more bytes than the frame carried: tshark computes lengths and checksums from the claim, Wirecase clamps to the frame, leaves the checksum unverified and marks it malformed";
        if (p.IpChecksum == Wirecase.Packets.ChecksumStatus.Bad && p.Has(PacketLayers.IpFragment | PacketLayers.Reassembled) && prefix is "tcp" or "udp" or "icmp" or "icmpv6")
            return "tshark does not reassemble fragments whose IPv4 header checksum is bad and decodes the first fragment alone; Wirecase reassembles them (the bad checksums are usually offload on the capturing host)";
        if (p.Has(PacketLayers.FragmentOverlap) && prefix is "tcp" or "udp" or "icmp")
            return "the datagram's fragments overlap with different bytes: the reassembled content depends on the overlap policy (Wirecase keeps the first bytes to arrive) and so does the checksum";
        if (p.Problem is PacketProblem.MplsTooManyLabels && theirs.Length > 0 && ours.Length == 0)
            return "the MPLS label stack runs past 16 entries without a bottom-of-stack bit: Wirecase stops there (malformed), tshark reads the following bytes as IP";
        if (p.LinkType == Wirecase.Capture.LinkType.Ipv6 && p.Has(PacketLayers.Ipv4) && ours.Length > 0 && theirs.Length == 0)
            return "the link type says IPv6 but the packet is IPv4: Wirecase decodes by the IP version field, tshark's IPv6 dissector refuses it";
        return null;
    }

    private static string? TimestampReason(string ours, string theirs, Wirecase.Capture.CaptureReader reader, long frame)
    {
        bool warned = reader.Warnings.Any(w => w.Contains($"record {frame}:", StringComparison.Ordinal) &&
            w.Contains("sub-second", StringComparison.Ordinal));
        if (warned)
            return "the file's timestamp is invalid (sub-second field ≥ 1 s): Wirecase carries the excess into the seconds and warns, tshark prints it unnormalised or overflowed";
        int dot = theirs.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0 && long.TryParse(theirs[..dot], out long seconds) && seconds >= long.MaxValue / 1_000_000_000L &&
            reader.Warnings.Any(w => w.Contains("after the year 2262", StringComparison.Ordinal)))
            return "the timestamp lies after the year 2262: Wirecase's 64-bit nanosecond clock saturates there and warns; tshark prints the raw value";
        return null;
    }

    public static string? TsharkRejects(string tsharkError) =>
        tsharkError.Contains("network type", StringComparison.Ordinal) && tsharkError.Contains("unknown or unsupported", StringComparison.Ordinal)
            ? "tshark refuses the file's link type; Wirecase reads it and passes the link type through (frames are not decoded)"
            : null;
}
