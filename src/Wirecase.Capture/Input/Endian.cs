using System.Buffers.Binary;

namespace Wirecase.Capture.Input;

/// <summary>Reads integers in a file's byte order (pcap and pcapng files come in both).</summary>
internal readonly struct Endian(bool bigEndian)
{
    public bool IsBig { get; } = bigEndian;

    public ushort U16(ReadOnlySpan<byte> s, int offset) =>
        IsBig ? BinaryPrimitives.ReadUInt16BigEndian(s[offset..]) : BinaryPrimitives.ReadUInt16LittleEndian(s[offset..]);

    public uint U32(ReadOnlySpan<byte> s, int offset) =>
        IsBig ? BinaryPrimitives.ReadUInt32BigEndian(s[offset..]) : BinaryPrimitives.ReadUInt32LittleEndian(s[offset..]);

    public ulong U64(ReadOnlySpan<byte> s, int offset) =>
        IsBig ? BinaryPrimitives.ReadUInt64BigEndian(s[offset..]) : BinaryPrimitives.ReadUInt64LittleEndian(s[offset..]);

    /// <summary>A 64-bit value stored as two 32-bit halves, high first (pcapng timestamps).</summary>
    public ulong U32Pair(ReadOnlySpan<byte> s, int offset) => ((ulong)U32(s, offset) << 32) | U32(s, offset + 4);
}
