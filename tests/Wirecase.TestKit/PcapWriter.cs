using System.Buffers.Binary;

namespace Wirecase.TestKit;

/// <summary>Writes classic pcap files for tests: either byte order, micro- or nanosecond timestamps, any link type.</summary>
public sealed class PcapWriter
{
    private readonly MemoryStream _out = new();
    private readonly bool _bigEndian;
    private readonly bool _nanoseconds;

    public PcapWriter(uint linkType = 1, uint snapLength = 262144, bool bigEndian = false, bool nanoseconds = false,
        ushort versionMajor = 2, ushort versionMinor = 4)
    {
        _bigEndian = bigEndian;
        _nanoseconds = nanoseconds;
        U32(nanoseconds ? 0xA1B23C4Du : 0xA1B2C3D4u);
        U16(versionMajor);
        U16(versionMinor);
        U32(0);
        U32(0);
        U32(snapLength);
        U32(linkType);
    }

    /// <summary>Adds a record; <paramref name="originalLength"/> defaults to the data length.</summary>
    public PcapWriter Add(long timestampNs, ReadOnlySpan<byte> data, uint? originalLength = null, uint? capturedLengthOverride = null)
    {
        long seconds = timestampNs / 1_000_000_000L, ns = timestampNs % 1_000_000_000L;
        U32((uint)seconds);
        U32((uint)(_nanoseconds ? ns : ns / 1000));
        U32(capturedLengthOverride ?? (uint)data.Length);
        U32(originalLength ?? (uint)data.Length);
        _out.Write(data);
        return this;
    }

    /// <summary>Appends raw bytes (to build damaged files).</summary>
    public PcapWriter Raw(ReadOnlySpan<byte> bytes)
    {
        _out.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _out.ToArray();

    private void U16(ushort v)
    {
        Span<byte> b = stackalloc byte[2];
        if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        _out.Write(b);
    }

    private void U32(uint v)
    {
        Span<byte> b = stackalloc byte[4];
        if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        _out.Write(b);
    }
}
