using Wirecase.Capture;
using Wirecase.Packets.Transport;

namespace Wirecase.Packets.Decoding;

/// <summary>
/// The values decoded from one frame, copied out of the header views: a plain struct that crosses layers and is reused
/// frame after frame (no allocation). Offsets point into the frame's bytes, or into the decoder's reassembly buffer
/// when <see cref="PacketLayers.Reassembled"/> is set (see <see cref="PacketDecoder.TransportBytes"/>).
/// </summary>
public struct DecodedPacket
{
    public LinkType LinkType;
    public PacketLayers Layers;
    /// <summary>Ok unless some header was truncated, malformed or of an unsupported kind.</summary>
    public DecodeStatus Status;
    public PacketProblem Problem;
    public uint OriginalLength;
    public int CapturedLength;

    // Link layer
    public MacAddress EthernetSource;
    public MacAddress EthernetDestination;
    /// <summary>The EtherType (or Linux SLL protocol) of the network layer, after any VLAN tags.</summary>
    public ushort EtherType;
    public byte VlanCount;
    public ushort OuterVlanId;
    public ushort InnerVlanId;
    /// <summary>TPID of the outermost tag: 0x8100 (802.1Q C-tag), 0x88A8 (802.1ad S-tag) or 0x9100.</summary>
    public ushort OuterVlanTpid;
    /// <summary>The first 802.1Q C-tag (TPID 0x8100) id, what Wireshark's vlan.id shows; 0x88A8 S-tags are ieee8021ad.id.</summary>
    public ushort CustomerVlanId;
    public bool HasCustomerVlan;

    // Network layer
    public int NetworkOffset;
    public IpAddressValue Source;
    public IpAddressValue Destination;
    /// <summary>The upper-layer protocol (after IPv6 extension headers).</summary>
    public byte IpProtocol;
    public byte Ttl;
    public byte TypeOfService;
    public uint IpId;
    public bool DontFragment;
    public bool MoreFragments;
    public int FragmentOffset;
    public int IpHeaderLength;
    /// <summary>IPv4 total length as the header states it; for IPv6, 40 + payload length.</summary>
    public int IpTotalLength;
    public byte Ipv6NextHeader;
    public ushort Ipv6PayloadLength;
    public ChecksumStatus IpChecksum;

    // Transport layer
    public int TransportOffset;
    /// <summary>True when the fixed TCP (20 bytes, sane data offset) or UDP (8 bytes) header was present; when false only
    /// the ports are known.</summary>
    public bool TransportHeaderComplete;
    /// <summary>Transport header + payload length from the IP header (not from the captured bytes).</summary>
    public int TransportLength;
    public ushort SourcePort;
    public ushort DestinationPort;
    public SeqNumber Sequence;
    public SeqNumber Acknowledgment;
    public TcpFlags TcpFlags;
    /// <summary>tcp.flags as Wireshark shows it: 12 bits, reserved ones included.</summary>
    public ushort TcpRawFlags;
    public ushort Window;
    public ushort UrgentPointer;
    public int TcpHeaderLength;
    public TcpOptionsSummary TcpOptions;
    /// <summary>Offset of the transport payload (TCP/UDP data, ICMP body).</summary>
    public int PayloadOffset;
    /// <summary>Payload length from the headers (what the sender sent).</summary>
    public int PayloadLength;
    /// <summary>Payload bytes present in the capture (less when a snaplen cut the frame).</summary>
    public int PayloadCaptured;
    public ChecksumStatus TransportChecksum;

    // What the tracking of every TCP segment reads ends here: the first ~250 bytes, a few cache lines per frame for the
    // thread that reads the frames another one decoded. What fewer frames need follows.
    /// <summary>The destination the transport checksum covers: the final one of an IPv6 routing header.</summary>
    public IpAddressValue ChecksumDestination;
    public ushort UdpLength;
    public byte IcmpType;
    public byte IcmpCode;
    public ushort IcmpIdentifier;
    public ushort IcmpSequence;
    /// <summary>Next-hop MTU of an ICMP "fragmentation needed", or the MTU of an ICMPv6 "packet too big".</summary>
    public uint IcmpMtu;
    public QuotedDatagram Quoted;

    // ARP
    public ushort ArpOperation;
    public IpAddressValue ArpSender;
    public IpAddressValue ArpTarget;

    public readonly bool Has(PacketLayers layer) => (Layers & layer) != 0;
    public readonly bool IsTcp => (Layers & PacketLayers.Tcp) != 0;
    public readonly bool IsUdp => (Layers & PacketLayers.Udp) != 0;
    public readonly bool IsIp => (Layers & (PacketLayers.Ipv4 | PacketLayers.Ipv6)) != 0;
    /// <summary>Bytes of the transport payload missing from the capture.</summary>
    public readonly int PayloadMissing => Math.Max(0, PayloadLength - PayloadCaptured);
}
