using System.Buffers.Binary;

namespace Wirecase.Packets.Transport;

/// <summary>
/// Zero-copy view of a TCP header (RFC 9293 §3.1), borrowed from the frame buffer: valid only until the reader moves on.
/// Invariant: once TryRead returns Ok, no member throws.
/// </summary>
public readonly ref struct TcpHeader
{
    public const int MinLength = 20;
    private static class Field
    {
        public const int SourcePort = 0, DestinationPort = 2, Sequence = 4, Acknowledgment = 8, OffsetFlags = 12;
        public const int Window = 14, Checksum = 16, UrgentPointer = 18;
    }

    private readonly ReadOnlySpan<byte> _h;
    private TcpHeader(ReadOnlySpan<byte> h) => _h = h;

    /// <summary>Reads the header; Truncated if the capture cut it (even inside the options), Malformed if the data
    /// offset is below 5 words.</summary>
    public static DecodeStatus TryRead(ReadOnlySpan<byte> segment, out TcpHeader header)
    {
        header = default;
        if (segment.Length < MinLength) return DecodeStatus.Truncated;
        int length = (segment[Field.OffsetFlags] >> 4) * 4;
        if (length < MinLength) return DecodeStatus.Malformed;
        if (length > segment.Length) return DecodeStatus.Truncated;
        header = new TcpHeader(segment[..length]);
        return DecodeStatus.Ok;
    }

    /// <summary>The fixed 20 bytes only, for a header whose options were cut by the capture.</summary>
    public static DecodeStatus TryReadFixedPart(ReadOnlySpan<byte> segment, out TcpHeader header)
    {
        header = default;
        if (segment.Length < MinLength) return DecodeStatus.Truncated;
        header = new TcpHeader(segment[..MinLength]);
        return DecodeStatus.Ok;
    }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.SourcePort..]);
    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.DestinationPort..]);
    public SeqNumber Sequence => new(BinaryPrimitives.ReadUInt32BigEndian(_h[Field.Sequence..]));
    public SeqNumber Acknowledgment => new(BinaryPrimitives.ReadUInt32BigEndian(_h[Field.Acknowledgment..]));
    /// <summary>Header length from the data offset field (may exceed the bytes of a view read with TryReadFixedPart).</summary>
    public int DataOffset => (_h[Field.OffsetFlags] >> 4) * 4;
    public TcpFlags Flags => (TcpFlags)(BinaryPrimitives.ReadUInt16BigEndian(_h[Field.OffsetFlags..]) & 0x01FF);
    /// <summary>The raw 12 bits after the data offset (reserved bits included), as Wireshark's tcp.flags shows them.</summary>
    public ushort RawFlags => (ushort)(BinaryPrimitives.ReadUInt16BigEndian(_h[Field.OffsetFlags..]) & 0x0FFF);
    /// <summary>The window field before scaling.</summary>
    public ushort Window => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.Window..]);
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.Checksum..]);
    public ushort UrgentPointer => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.UrgentPointer..]);
    public int HeaderLength => _h.Length;
    public ReadOnlySpan<byte> Options => _h[MinLength..];
    public TcpOptionReader ReadOptions() => new(Options);
}
