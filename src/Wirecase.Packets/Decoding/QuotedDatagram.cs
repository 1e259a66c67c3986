namespace Wirecase.Packets.Decoding;

/// <summary>The IP header and first transport bytes quoted inside an ICMP/ICMPv6 error: enough to find the connection
/// or flow the error is about.</summary>
public struct QuotedDatagram
{
    public IpAddressValue Source;
    public IpAddressValue Destination;
    public byte Protocol;
    public ushort IpTotalLength;
    public ushort IpId;
    public bool DontFragment;
    public byte Ttl;
    public byte TypeOfService;
    public bool HasPorts;
    public ushort SourcePort;
    public ushort DestinationPort;
    /// <summary>The quoted TCP sequence number (the first 8 TCP bytes are always quoted).</summary>
    public bool HasSequence;
    public SeqNumber Sequence;
}
