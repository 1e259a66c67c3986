namespace Wirecase.Packets.Network;

/// <summary>IANA protocol numbers Wirecase names.</summary>
public static class IpProtocols
{
    public const byte HopByHop = 0, Icmp = 1, Igmp = 2, IpInIp = 4, Tcp = 6, Udp = 17, Ipv6 = 41, Routing = 43;
    public const byte Fragment = 44, Gre = 47, Esp = 50, Ah = 51, Icmpv6 = 58, NoNextHeader = 59;
    public const byte DestinationOptions = 60, Sctp = 132, Mobility = 135, Hip = 139, Shim6 = 140;

    /// <summary>IPv6 extension headers with the generic (next header, length in 8-octet units) layout.</summary>
    public static bool IsGenericIpv6Extension(byte next) =>
        next is HopByHop or Routing or DestinationOptions or Mobility or Hip or Shim6;
}
