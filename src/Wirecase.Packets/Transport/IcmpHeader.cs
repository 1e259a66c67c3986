using System.Buffers.Binary;

namespace Wirecase.Packets.Transport;

/// <summary>ICMP (RFC 792) or ICMPv6 (RFC 4443) header view: type, code, checksum and the 4 bytes after them.</summary>
public readonly ref struct IcmpHeader
{
    public const int Length = 8;
    private readonly ReadOnlySpan<byte> _h;
    private IcmpHeader(ReadOnlySpan<byte> h) => _h = h;

    public static DecodeStatus TryRead(ReadOnlySpan<byte> data, out IcmpHeader header)
    {
        header = default;
        if (data.Length < 4) return DecodeStatus.Truncated;
        header = new IcmpHeader(data.Length >= Length ? data[..Length] : data[..4]);
        return DecodeStatus.Ok;
    }

    public byte Type => _h[0];
    public byte Code => _h[1];
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_h[2..]);
    /// <summary>True when the 4 bytes after the checksum are present.</summary>
    public bool HasRestOfHeader => _h.Length >= Length;
    /// <summary>Echo identifier (echo request/reply).</summary>
    public ushort Identifier => HasRestOfHeader ? BinaryPrimitives.ReadUInt16BigEndian(_h[4..]) : (ushort)0;
    /// <summary>Echo sequence number (echo request/reply).</summary>
    public ushort SequenceNumber => HasRestOfHeader ? BinaryPrimitives.ReadUInt16BigEndian(_h[6..]) : (ushort)0;
    /// <summary>ICMPv4 "fragmentation needed" next-hop MTU (RFC 1191), in the low 16 bits of the rest of header.</summary>
    public ushort NextHopMtu => HasRestOfHeader ? BinaryPrimitives.ReadUInt16BigEndian(_h[6..]) : (ushort)0;
    /// <summary>ICMPv6 "packet too big" MTU (32 bits).</summary>
    public uint Mtu32 => HasRestOfHeader ? BinaryPrimitives.ReadUInt32BigEndian(_h[4..]) : 0;
}

/// <summary>ICMP message types Wirecase names.</summary>
public static class IcmpTypes
{
    public const byte EchoReply = 0, DestinationUnreachable = 3, SourceQuench = 4, Redirect = 5, EchoRequest = 8;
    public const byte TimeExceeded = 11, ParameterProblem = 12;
    /// <summary>Destination unreachable code 4: fragmentation needed and DF set (RFC 1191 PMTUD).</summary>
    public const byte CodeFragmentationNeeded = 4;

    public const byte V6DestinationUnreachable = 1, V6PacketTooBig = 2, V6TimeExceeded = 3, V6ParameterProblem = 4;
    public const byte V6EchoRequest = 128, V6EchoReply = 129;

    /// <summary>ICMPv4 errors that quote the offending datagram's IP header and first 8 payload bytes.</summary>
    public static bool QuotesDatagram(byte type) =>
        type is DestinationUnreachable or SourceQuench or Redirect or TimeExceeded or ParameterProblem;

    /// <summary>ICMPv6 errors (types below 128) quote as much of the offending packet as fits.</summary>
    public static bool V6QuotesPacket(byte type) => type < 128;
}
