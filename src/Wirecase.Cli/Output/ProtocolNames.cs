using Wirecase.Packets.Network;

namespace Wirecase.Cli.Output;

/// <summary>Protocol column names, as Wireshark shows them.</summary>
internal static class ProtocolNames
{
    public static string IpProtocol(byte p) => p switch
    {
        IpProtocols.Icmp => "ICMP",
        IpProtocols.Igmp => "IGMP",
        IpProtocols.IpInIp => "IPIP",
        IpProtocols.Tcp => "TCP",
        IpProtocols.Udp => "UDP",
        IpProtocols.Ipv6 => "IPv6",
        IpProtocols.Gre => "GRE",
        IpProtocols.Esp => "ESP",
        IpProtocols.Ah => "AH",
        IpProtocols.Icmpv6 => "ICMPv6",
        IpProtocols.Sctp => "SCTP",
        89 => "OSPF",
        103 => "PIM",
        112 => "VRRP",
        _ => $"IP proto {p}",
    };

    public static string EtherType(ushort t) => t switch
    {
        0x88CC => "LLDP",
        0x888E => "EAPOL",
        0x8863 or 0x8864 => "PPPoE",
        0x8847 or 0x8848 => "MPLS",
        0x9000 => "LOOP",
        0x8137 => "IPX",
        0x88F7 => "PTP",
        0x8809 => "Slow protocols",
        0x88E5 => "MACsec",
        0x8035 => "RARP",
        0x809B => "AppleTalk",
        0x0000 => "LLC",
        _ => $"0x{t:x4}",
    };
}
