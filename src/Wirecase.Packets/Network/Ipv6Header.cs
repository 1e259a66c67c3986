using System.Buffers.Binary;

namespace Wirecase.Packets.Network;

/// <summary>IPv6 fixed header view (RFC 8200, 40 bytes). Invariant: once TryRead returns Ok, no member throws.</summary>
public readonly ref struct Ipv6Header
{
    public const int Length = 40;
    private static class Field { public const int PayloadLength = 4, NextHeader = 6, HopLimit = 7, Source = 8, Destination = 24; }

    private readonly ReadOnlySpan<byte> _h;
    private Ipv6Header(ReadOnlySpan<byte> h) => _h = h;

    public static DecodeStatus TryRead(ReadOnlySpan<byte> data, out Ipv6Header header)
    {
        header = default;
        if (data.Length < 1) return DecodeStatus.Truncated;
        if (data[0] >> 4 != 6) return DecodeStatus.Malformed;
        if (data.Length < Length) return DecodeStatus.Truncated;
        header = new Ipv6Header(data[..Length]);
        return DecodeStatus.Ok;
    }

    public byte TrafficClass => (byte)((BinaryPrimitives.ReadUInt16BigEndian(_h) >> 4) & 0xFF);
    public uint FlowLabel => BinaryPrimitives.ReadUInt32BigEndian(_h) & 0xFFFFF;
    public ushort PayloadLength => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.PayloadLength..]);
    public byte NextHeader => _h[Field.NextHeader];
    public byte HopLimit => _h[Field.HopLimit];
    public IpAddressValue Source => IpAddressValue.V6(_h[Field.Source..]);
    public IpAddressValue Destination => IpAddressValue.V6(_h[Field.Destination..]);
}

/// <summary>
/// Walks IPv6 extension headers (hop-by-hop, routing, fragment, destination options, AH, mobility, HIP, shim6) to the
/// upper-layer protocol. Bounded: at most <see cref="MaxHeaders"/> headers.
/// </summary>
public ref struct Ipv6ExtensionWalker
{
    /// <summary>Real packets carry a handful; more is an evasion attempt or garbage.</summary>
    public const int MaxHeaders = 16;

    private readonly ReadOnlySpan<byte> _data;

    public Ipv6ExtensionWalker(ReadOnlySpan<byte> afterFixedHeader, byte firstNextHeader)
    {
        _data = afterFixedHeader;
        NextHeader = firstNextHeader;
        Offset = 0;
    }

    /// <summary>The protocol of what follows the headers walked so far.</summary>
    public byte NextHeader { get; private set; }
    /// <summary>Bytes of extension headers walked so far.</summary>
    public int Offset { get; private set; }
    public bool HasFragmentHeader { get; private set; }
    public int FragmentOffset { get; private set; }
    public bool MoreFragments { get; private set; }
    public uint FragmentId { get; private set; }
    /// <summary>Offset of the fragment header's next-header byte (to rebuild the unfragmentable part).</summary>
    public int FragmentHeaderOffset { get; private set; }
    public int HeaderCount { get; private set; }
    /// <summary>Offset (in the walked bytes) of the final destination named by a routing header with segments left,
    /// or -1. RFC 8200 §8.1: the upper-layer checksum uses the final destination, not the current one.</summary>
    public int FinalDestinationOffset { get; private set; } = -1;

    /// <summary>Walks every extension header. Ok, Truncated (cut by the capture) or Malformed (too many).</summary>
    public DecodeStatus Walk()
    {
        while (true)
        {
            byte next = NextHeader;
            int length;
            if (IpProtocols.IsGenericIpv6Extension(next))
            {
                if (_data.Length < Offset + 2) return DecodeStatus.Truncated;
                length = (_data[Offset + 1] + 1) * 8;
                if (next == IpProtocols.Routing && _data.Length >= Offset + length && length >= 24 && _data[Offset + 3] > 0)
                {
                    // Types 0 and 2 list addresses from byte 8, the final one last; type 4 (SRH, RFC 8754) lists the
                    // final segment first.
                    byte routingType = _data[Offset + 2];
                    if (routingType is 0 or 2) FinalDestinationOffset = Offset + length - 16;
                    else if (routingType == 4) FinalDestinationOffset = Offset + 8;
                }
            }
            else if (next == IpProtocols.Ah)
            {
                if (_data.Length < Offset + 2) return DecodeStatus.Truncated;
                length = (_data[Offset + 1] + 2) * 4;   // RFC 4302: length in 4-octet units, minus 2
            }
            else if (next == IpProtocols.Fragment)
            {
                length = 8;
                if (_data.Length < Offset + length) return DecodeStatus.Truncated;
                ushort offsetFlags = BinaryPrimitives.ReadUInt16BigEndian(_data[(Offset + 2)..]);
                HasFragmentHeader = true;
                FragmentHeaderOffset = Offset;
                FragmentOffset = offsetFlags & 0xFFF8;
                MoreFragments = (offsetFlags & 1) != 0;
                FragmentId = BinaryPrimitives.ReadUInt32BigEndian(_data[(Offset + 4)..]);
            }
            else
            {
                return DecodeStatus.Ok;
            }
            if (++HeaderCount > MaxHeaders) return DecodeStatus.Malformed;
            if (_data.Length < Offset + length) return DecodeStatus.Truncated;
            NextHeader = _data[Offset];
            Offset += length;
            // A real fragment ends the walk: what follows is a piece of the payload. An atomic fragment (RFC 6946:
            // offset 0, no more fragments) is a whole packet, so the walk goes on.
            if (next == IpProtocols.Fragment && (FragmentOffset != 0 || MoreFragments)) return DecodeStatus.Ok;
        }
    }
}
