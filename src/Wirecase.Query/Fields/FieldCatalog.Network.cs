using Wirecase.Packets.Decoding;
using Wirecase.Query.Evaluation;

namespace Wirecase.Query.Fields;

public static partial class FieldCatalog
{
    private static bool Ipv4(in FrameView f) => f.Packet.Has(PacketLayers.Ipv4);
    private static bool Ipv6(in FrameView f) => f.Packet.Has(PacketLayers.Ipv6);
    private static bool QuotedV4(in FrameView f) => f.Packet.Has(PacketLayers.IcmpQuote) && f.Packet.Quoted.Source.Version == 4;

    private static void AddNetworkFields()
    {
        Protocol("ip", "IPv4", Ipv4, (in FrameView f) => f.Packet.NetworkOffset);
        Number("ip.version", "IP version", Ipv4, (in FrameView f) => 4);
        Number("ip.hdr_len", "IPv4 header length (bytes)", Ipv4, (in FrameView f) => f.Packet.IpHeaderLength);
        // The header of the datagram an ICMP error quotes is dissected as IP too: its fields are further occurrences.
        Add(new("ip.len", FieldType.Number, "IPv4 total length", (in FrameView f, FieldValue[] into) =>
            Two(Ipv4(f), f.Packet.IpTotalLength, QuotedV4(f), f.Packet.Quoted.IpTotalLength, into)));
        Add(new("ip.id", FieldType.Number, "IPv4 identification", (in FrameView f, FieldValue[] into) =>
            Two(Ipv4(f), f.Packet.IpId, QuotedV4(f), f.Packet.Quoted.IpId, into)));
        Add(new("ip.proto", FieldType.Number, "IPv4 protocol", (in FrameView f, FieldValue[] into) =>
            Two(Ipv4(f), f.Packet.IpProtocol, QuotedV4(f), f.Packet.Quoted.Protocol, into)));
        Add(new("ip.ttl", FieldType.Number, "IPv4 time to live", (in FrameView f, FieldValue[] into) =>
            Two(Ipv4(f), f.Packet.Ttl, QuotedV4(f), f.Packet.Quoted.Ttl, into)));
        Add(new("ip.dsfield", FieldType.Number, "IPv4 DS field (the old TOS byte)", (in FrameView f, FieldValue[] into) =>
            Two(Ipv4(f), f.Packet.TypeOfService, QuotedV4(f), f.Packet.Quoted.TypeOfService, into)));
        Add(new("ip.dsfield.dscp", FieldType.Number, "DSCP", (in FrameView f, FieldValue[] into) =>
            Two(Ipv4(f), f.Packet.TypeOfService >> 2, QuotedV4(f), f.Packet.Quoted.TypeOfService >> 2, into)));
        Add(new("ip.dsfield.ecn", FieldType.Number, "ECN", (in FrameView f, FieldValue[] into) =>
            Two(Ipv4(f), f.Packet.TypeOfService & 3, QuotedV4(f), f.Packet.Quoted.TypeOfService & 3, into)));
        Add(new("ip.flags.df", FieldType.Boolean, "Don't fragment", (in FrameView f, FieldValue[] into) =>
            Two(Ipv4(f), f.Packet.DontFragment ? 1 : 0, QuotedV4(f), f.Packet.Quoted.DontFragment ? 1 : 0, into)));
        Flag("ip.flags.mf", "More fragments", Ipv4, (in FrameView f) => f.Packet.MoreFragments);
        Number("ip.frag_offset", "Fragment offset (bytes)", Ipv4, (in FrameView f) => f.Packet.FragmentOffset);
        Add(new("ip.src", FieldType.Address, "IPv4 source", (in FrameView f, FieldValue[] into) =>
            Addresses(Ipv4(f), f.Packet.Source, QuotedV4(f), f.Packet.Quoted.Source, into)));
        Add(new("ip.dst", FieldType.Address, "IPv4 destination", (in FrameView f, FieldValue[] into) =>
            Addresses(Ipv4(f), f.Packet.Destination, QuotedV4(f), f.Packet.Quoted.Destination, into)));
        Add(new("ip.addr", FieldType.Address, "IPv4 source or destination", (in FrameView f, FieldValue[] into) =>
        {
            int n = Addresses(Ipv4(f), f.Packet.Source, false, default, into);
            if (n == 0) return 0;
            into[n++].Address = f.Packet.Destination;
            if (QuotedV4(f))
            {
                into[n++].Address = f.Packet.Quoted.Source;
                into[n++].Address = f.Packet.Quoted.Destination;
            }
            return n;
        }));

        Protocol("ipv6", "IPv6", Ipv6, (in FrameView f) => f.Packet.NetworkOffset);
        Number("ipv6.version", "IP version", Ipv6, (in FrameView f) => 6);
        Number("ipv6.plen", "IPv6 payload length", Ipv6, (in FrameView f) => f.Packet.Ipv6PayloadLength);
        Number("ipv6.nxt", "IPv6 next header (of the fixed header)", Ipv6, (in FrameView f) => f.Packet.Ipv6NextHeader);
        Number("ipv6.hlim", "IPv6 hop limit", Ipv6, (in FrameView f) => f.Packet.Ttl);
        Address("ipv6.src", "IPv6 source", Ipv6, (in FrameView f) => f.Packet.Source);
        Address("ipv6.dst", "IPv6 destination", Ipv6, (in FrameView f) => f.Packet.Destination);
        Add(new("ipv6.addr", FieldType.Address, "IPv6 source or destination", (in FrameView f, FieldValue[] into) =>
        {
            if (!Ipv6(f)) return 0;
            into[0].Address = f.Packet.Source;
            into[1].Address = f.Packet.Destination;
            return 2;
        }));

        Protocol("icmp", "ICMP", (in FrameView f) => f.Packet.Has(PacketLayers.Icmp), (in FrameView f) => f.Packet.TransportOffset);
        Number("icmp.type", "ICMP type", (in FrameView f) => f.Packet.Has(PacketLayers.Icmp), (in FrameView f) => f.Packet.IcmpType);
        Number("icmp.code", "ICMP code", (in FrameView f) => f.Packet.Has(PacketLayers.Icmp), (in FrameView f) => f.Packet.IcmpCode);
        Number("icmp.ident", "ICMP echo identifier", IcmpEcho, (in FrameView f) => f.Packet.IcmpIdentifier);
        Number("icmp.seq", "ICMP echo sequence number", IcmpEcho, (in FrameView f) => f.Packet.IcmpSequence);
        Number("icmp.mtu", "MTU of the next hop (fragmentation needed)", (in FrameView f) => f.Packet.Has(PacketLayers.Icmp) && f.Packet.IcmpType == 3 && f.Packet.IcmpCode == 4,
            (in FrameView f) => f.Packet.IcmpMtu);
        Protocol("icmpv6", "ICMPv6", (in FrameView f) => f.Packet.Has(PacketLayers.Icmpv6), (in FrameView f) => f.Packet.TransportOffset);
        Number("icmpv6.type", "ICMPv6 type", (in FrameView f) => f.Packet.Has(PacketLayers.Icmpv6), (in FrameView f) => f.Packet.IcmpType);
        Number("icmpv6.code", "ICMPv6 code", (in FrameView f) => f.Packet.Has(PacketLayers.Icmpv6), (in FrameView f) => f.Packet.IcmpCode);
    }

    private static bool IcmpEcho(in FrameView f) => f.Packet.Has(PacketLayers.Icmp) && f.Packet.IcmpType is 0 or 8;

    private static int Two(bool first, long a, bool second, long b, FieldValue[] into)
    {
        int n = 0;
        if (first) into[n++].Number = a;
        if (second) into[n++].Number = b;
        return n;
    }

    private static int Addresses(bool first, Packets.IpAddressValue a, bool second, Packets.IpAddressValue b, FieldValue[] into)
    {
        int n = 0;
        if (first) into[n++].Address = a;
        if (second) into[n++].Address = b;
        return n;
    }
}
