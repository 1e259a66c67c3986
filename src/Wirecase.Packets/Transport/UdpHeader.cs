using System.Buffers.Binary;

namespace Wirecase.Packets.Transport;

/// <summary>UDP header view (RFC 768, 8 bytes). Invariant: once TryRead returns Ok, no member throws.</summary>
public readonly ref struct UdpHeader
{
    public const int Length = 8;
    private readonly ReadOnlySpan<byte> _h;
    private UdpHeader(ReadOnlySpan<byte> h) => _h = h;

    public static DecodeStatus TryRead(ReadOnlySpan<byte> data, out UdpHeader header)
    {
        header = default;
        if (data.Length < Length) return DecodeStatus.Truncated;
        header = new UdpHeader(data[..Length]);
        return DecodeStatus.Ok;
    }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_h);
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_h[2..]);
    /// <summary>Length of header plus data, from the header.</summary>
    public ushort DatagramLength => BinaryPrimitives.ReadUInt16BigEndian(_h[4..]);
    /// <summary>Zero means "no checksum" over IPv4 (RFC 768); over IPv6 it is not allowed (RFC 8200 §8.1).</summary>
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_h[6..]);
}
