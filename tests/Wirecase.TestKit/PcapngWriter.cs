using System.Buffers.Binary;
using System.Text;

namespace Wirecase.TestKit;

/// <summary>Writes pcapng files for tests: sections of either byte order, interfaces with options, EPB/SPB/PB, ISB,
/// NRB, custom and unknown blocks.</summary>
public sealed class PcapngWriter
{
    private readonly MemoryStream _out = new();
    private bool _bigEndian;

    public PcapngWriter(bool bigEndian = false, string? comment = null, ushort major = 1, ushort minor = 0)
    {
        Section(bigEndian, comment, major, minor);
    }

    public PcapngWriter Section(bool bigEndian, string? comment = null, ushort major = 1, ushort minor = 0)
    {
        _bigEndian = bigEndian;
        var body = new List<byte>();
        body.AddRange(U32(0x1A2B3C4D));
        body.AddRange(U16(major));
        body.AddRange(U16(minor));
        body.AddRange(U64(ulong.MaxValue));
        if (comment is not null) body.AddRange(Option(1, Encoding.UTF8.GetBytes(comment)));
        body.AddRange(Option(4, Encoding.UTF8.GetBytes("Wirecase.TestKit")));
        body.AddRange(EndOfOptions());
        return Block(0x0A0D0D0A, body);
    }

    /// <summary>An interface; <paramref name="tsresol"/> is the raw if_tsresol byte (bit 7 = power of 2).</summary>
    public PcapngWriter Interface(ushort linkType = 1, uint snapLength = 0, byte? tsresol = null, long? tsoffset = null,
        string? name = null, string? comment = null)
    {
        var body = new List<byte>();
        body.AddRange(U16(linkType));
        body.AddRange(U16(0));
        body.AddRange(U32(snapLength));
        if (name is not null) body.AddRange(Option(2, Encoding.UTF8.GetBytes(name)));
        if (comment is not null) body.AddRange(Option(1, Encoding.UTF8.GetBytes(comment)));
        if (tsresol is { } r) body.AddRange(Option(9, [r]));
        if (tsoffset is { } o) body.AddRange(Option(14, U64((ulong)o)));
        body.AddRange(EndOfOptions());
        return Block(1, body);
    }

    public PcapngWriter Packet(uint interfaceId, ulong ticks, ReadOnlySpan<byte> data, uint? originalLength = null,
        string? comment = null, ulong? dropCount = null)
    {
        var body = new List<byte>();
        body.AddRange(U32(interfaceId));
        body.AddRange(U32((uint)(ticks >> 32)));
        body.AddRange(U32((uint)ticks));
        body.AddRange(U32((uint)data.Length));
        body.AddRange(U32(originalLength ?? (uint)data.Length));
        body.AddRange(Padded(data));
        if (comment is not null) body.AddRange(Option(1, Encoding.UTF8.GetBytes(comment)));
        if (dropCount is { } d) body.AddRange(Option(4, U64(d)));
        if (comment is not null || dropCount is not null) body.AddRange(EndOfOptions());
        return Block(6, body);
    }

    public PcapngWriter SimplePacket(ReadOnlySpan<byte> data, uint? originalLength = null)
    {
        var body = new List<byte>();
        body.AddRange(U32(originalLength ?? (uint)data.Length));
        body.AddRange(Padded(data));
        return Block(3, body);
    }

    public PcapngWriter ObsoletePacket(ushort interfaceId, ulong ticks, ReadOnlySpan<byte> data, ushort drops = 0)
    {
        var body = new List<byte>();
        body.AddRange(U16(interfaceId));
        body.AddRange(U16(drops));
        body.AddRange(U32((uint)(ticks >> 32)));
        body.AddRange(U32((uint)ticks));
        body.AddRange(U32((uint)data.Length));
        body.AddRange(U32((uint)data.Length));
        body.AddRange(Padded(data));
        return Block(2, body);
    }

    public PcapngWriter Statistics(uint interfaceId, ulong ticks, ulong? received, ulong? ifDrops, ulong? osDrops)
    {
        var body = new List<byte>();
        body.AddRange(U32(interfaceId));
        body.AddRange(U32((uint)(ticks >> 32)));
        body.AddRange(U32((uint)ticks));
        if (received is { } r) body.AddRange(Option(4, U64(r)));
        if (ifDrops is { } i) body.AddRange(Option(5, U64(i)));
        if (osDrops is { } o) body.AddRange(Option(7, U64(o)));
        body.AddRange(EndOfOptions());
        return Block(5, body);
    }

    public PcapngWriter NameResolution(byte[] ipv4, string name)
    {
        var value = ipv4.Concat(Encoding.UTF8.GetBytes(name)).Append((byte)0).ToArray();
        var body = new List<byte>();
        body.AddRange(U16(1));
        body.AddRange(U16((ushort)value.Length));
        body.AddRange(Padded(value));
        body.AddRange(U32(0));
        return Block(4, body);
    }

    public PcapngWriter Custom(uint type, uint enterprise, ReadOnlySpan<byte> data)
    {
        var body = new List<byte>();
        body.AddRange(U32(enterprise));
        body.AddRange(Padded(data));
        return Block(type, body);
    }

    /// <summary>A block with arbitrary type and body (unknown blocks, decryption secrets).</summary>
    public PcapngWriter Block(uint type, IEnumerable<byte> body)
    {
        var b = body.ToArray();
        uint total = (uint)(12 + b.Length);
        _out.Write(U32(type));
        _out.Write(U32(total));
        _out.Write(b);
        _out.Write(U32(total));
        return this;
    }

    public PcapngWriter Raw(ReadOnlySpan<byte> bytes)
    {
        _out.Write(bytes);
        return this;
    }

    public byte[] ToArray() => _out.ToArray();

    private static byte[] Padded(ReadOnlySpan<byte> data)
    {
        var b = new byte[(data.Length + 3) & ~3];
        data.CopyTo(b);
        return b;
    }

    private byte[] Option(ushort code, byte[] value) => [.. U16(code), .. U16((ushort)value.Length), .. Padded(value)];
    private byte[] EndOfOptions() => [.. U16(0), .. U16(0)];

    private byte[] U16(ushort v)
    {
        var b = new byte[2];
        if (_bigEndian) BinaryPrimitives.WriteUInt16BigEndian(b, v); else BinaryPrimitives.WriteUInt16LittleEndian(b, v);
        return b;
    }

    private byte[] U32(uint v)
    {
        var b = new byte[4];
        if (_bigEndian) BinaryPrimitives.WriteUInt32BigEndian(b, v); else BinaryPrimitives.WriteUInt32LittleEndian(b, v);
        return b;
    }

    private byte[] U64(ulong v)
    {
        var b = new byte[8];
        if (_bigEndian) BinaryPrimitives.WriteUInt64BigEndian(b, v); else BinaryPrimitives.WriteUInt64LittleEndian(b, v);
        return b;
    }
}
