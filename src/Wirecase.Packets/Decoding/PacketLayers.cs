namespace Wirecase.Packets.Decoding;

/// <summary>Which headers a decoded frame carried.</summary>
[Flags]
public enum PacketLayers : uint
{
    None = 0,
    Ethernet = 1 << 0,
    Llc = 1 << 1,
    Vlan = 1 << 2,
    LinuxSll = 1 << 3,
    LinuxSll2 = 1 << 4,
    Loopback = 1 << 5,
    Ppp = 1 << 6,
    Arp = 1 << 7,
    Ipv4 = 1 << 8,
    Ipv6 = 1 << 9,
    /// <summary>An IP fragment that did not (yet) complete a datagram: no transport header decoded.</summary>
    IpFragment = 1 << 10,
    /// <summary>This frame completed an IP datagram; the transport fields come from the reassembled datagram.</summary>
    Reassembled = 1 << 11,
    Tcp = 1 << 12,
    Udp = 1 << 13,
    Icmp = 1 << 14,
    Icmpv6 = 1 << 15,
    /// <summary>An ICMP error quoting a datagram: see <see cref="DecodedPacket.Quoted"/>.</summary>
    IcmpQuote = 1 << 16,
    /// <summary>The IPv4 total length was 0: segmentation offload on the capturing host; the frame length was used.</summary>
    TsoZeroLength = 1 << 17,
    /// <summary>Linux NFLOG (netfilter log) wrapper around the packet.</summary>
    NfLog = 1 << 18,
    /// <summary>The reassembled datagram had overlapping fragments (first arrival kept).</summary>
    FragmentOverlap = 1 << 19,
    Mpls = 1 << 20,
}
