using System.Globalization;
using Wirecase.Capture;
using Wirecase.Packets;
using Wirecase.Packets.Decoding;

namespace Wirecase.EndToEnd.Tests.Corpus;

/// <summary>Wirecase's values for the fields of tshark's reference, written the way tshark writes them.</summary>
public static class OurFields
{
    public static readonly string[] Compared =
    [
        "frame.time_epoch", "frame.len", "frame.cap_len", "frame.interface_id", "eth.src", "eth.dst", "vlan.id",
        "ip.src", "ip.dst", "ip.proto", "ip.len", "ip.ttl", "ip.id", "ip.flags.df", "ip.flags.mf", "ip.frag_offset",
        "ipv6.src", "ipv6.dst", "ipv6.nxt", "ipv6.plen", "ipv6.hlim",
        "tcp.srcport", "tcp.dstport", "tcp.seq_raw", "tcp.ack_raw", "tcp.flags", "tcp.window_size_value", "tcp.len",
        "tcp.checksum.status", "tcp.options.mss_val", "tcp.options.wscale.shift", "tcp.options.sack_perm",
        "udp.srcport", "udp.dstport", "udp.length", "udp.checksum.status", "icmp.type", "icmp.code", "icmpv6.type",
        "icmpv6.code", "ip.checksum.status",
    ];

    private static string N(long v) => v.ToString(CultureInfo.InvariantCulture);

    public static Dictionary<string, string> Of(CaptureReader reader, in CaptureFrame f, in DecodedPacket p)
    {
        var d = new Dictionary<string, string>(StringComparer.Ordinal);
        d["frame.time_epoch"] = f.HasTimestamp ? Epoch(f.TimestampNs) : "";
        d["frame.len"] = N(f.OriginalLength);
        d["frame.cap_len"] = N(f.CapturedLength);
        d["frame.interface_id"] = reader.Format == CaptureFormat.Pcapng && f.Interface is { } i ? N(i.IdInSection) : "";
        if (f.Kind != FrameKind.Packet) return d;
        if (p.Has(PacketLayers.Ethernet))
        {
            d["eth.src"] = p.EthernetSource.ToString();
            d["eth.dst"] = p.EthernetDestination.ToString();
        }
        // Wireshark's vlan.id is the first 802.1Q C-tag; an outer 802.1ad S-tag is ieee8021ad.id.
        if (p.HasCustomerVlan) d["vlan.id"] = N(p.CustomerVlanId);
        if (p.Has(PacketLayers.Ipv4))
        {
            d["ip.src"] = p.Source.ToString();
            d["ip.dst"] = p.Destination.ToString();
            d["ip.proto"] = N(p.IpProtocol);
            d["ip.len"] = N(p.IpTotalLength);
            d["ip.ttl"] = N(p.Ttl);
            d["ip.id"] = "0x" + p.IpId.ToString("x4", CultureInfo.InvariantCulture);
            d["ip.flags.df"] = p.DontFragment ? "1" : "0";
            d["ip.flags.mf"] = p.MoreFragments ? "1" : "0";
            d["ip.frag_offset"] = N(p.FragmentOffset / 8);   // Wireshark shows the field in 8-byte units
            d["ip.checksum.status"] = N((int)p.IpChecksum);
        }
        if (p.Has(PacketLayers.Ipv6))
        {
            d["ipv6.src"] = p.Source.ToString();
            d["ipv6.dst"] = p.Destination.ToString();
            d["ipv6.nxt"] = N(p.Ipv6NextHeader);
            d["ipv6.plen"] = N(p.Ipv6PayloadLength);
            d["ipv6.hlim"] = N(p.Ttl);
        }
        if (p.IsTcp)
        {
            d["tcp.srcport"] = N(p.SourcePort);
            d["tcp.dstport"] = N(p.DestinationPort);
        }
        if (p.IsTcp && p.TransportHeaderComplete)
        {
            d["tcp.seq_raw"] = N(p.Sequence.Value);
            d["tcp.ack_raw"] = N(p.Acknowledgment.Value);
            d["tcp.flags"] = "0x" + p.TcpRawFlags.ToString("x4", CultureInfo.InvariantCulture);
            d["tcp.window_size_value"] = N(p.Window);
            d["tcp.len"] = N(p.PayloadLength);
            d["tcp.checksum.status"] = N((int)p.TransportChecksum);
            if (p.TcpOptions.HasMss) d["tcp.options.mss_val"] = N(p.TcpOptions.Mss);
            if (p.TcpOptions.HasWindowScale) d["tcp.options.wscale.shift"] = N(p.TcpOptions.WindowScale);
            if (p.TcpOptions.SackPermitted) d["tcp.options.sack_perm"] = "present";
        }
        if (p.IsUdp)
        {
            d["udp.srcport"] = N(p.SourcePort);
            d["udp.dstport"] = N(p.DestinationPort);
        }
        if (p.IsUdp && p.TransportHeaderComplete)
        {
            d["udp.length"] = N(p.UdpLength);
            d["udp.checksum.status"] = N((int)p.TransportChecksum);
        }
        if (p.Has(PacketLayers.Icmp))
        {
            d["icmp.type"] = N(p.IcmpType);
            d["icmp.code"] = N(p.IcmpCode);
        }
        if (p.Has(PacketLayers.Icmpv6))
        {
            d["icmpv6.type"] = N(p.IcmpType);
            d["icmpv6.code"] = N(p.IcmpCode);
        }
        if (p.Has(PacketLayers.IcmpQuote) && p.Quoted.HasPorts)
        {
            string proto = p.Quoted.Protocol == 6 ? "tcp" : p.Quoted.Protocol == 17 ? "udp" : "";
            if (proto.Length > 0 && !d.ContainsKey(proto + ".srcport"))
            {
                d[proto + ".srcport"] = N(p.Quoted.SourcePort);
                d[proto + ".dstport"] = N(p.Quoted.DestinationPort);
                if (p.Quoted.HasSequence) d["tcp.seq_raw"] = N(p.Quoted.Sequence.Value);
            }
        }
        return d;
    }

    public static string Epoch(long ns)
    {
        long s = Math.DivRem(ns, 1_000_000_000L, out long r);
        if (r < 0) { s--; r += 1_000_000_000L; }
        return s.ToString(CultureInfo.InvariantCulture) + "." + r.ToString("D9", CultureInfo.InvariantCulture);
    }
}
