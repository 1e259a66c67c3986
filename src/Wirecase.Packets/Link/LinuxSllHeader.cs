using System.Buffers.Binary;

namespace Wirecase.Packets.Link;

/// <summary>Linux "cooked" capture header, SLL v1 (LINKTYPE 113, 16 bytes).</summary>
public readonly ref struct LinuxSllHeader
{
    public const int Length = 16;
    private static class Field { public const int PacketType = 0, ArpHrd = 2, AddressLength = 4, Address = 6, Protocol = 14; }

    private readonly ReadOnlySpan<byte> _h;
    private LinuxSllHeader(ReadOnlySpan<byte> h) => _h = h;

    public static DecodeStatus TryRead(ReadOnlySpan<byte> frame, out LinuxSllHeader header)
    {
        header = default;
        if (frame.Length < Length) return DecodeStatus.Truncated;
        header = new LinuxSllHeader(frame[..Length]);
        return DecodeStatus.Ok;
    }

    /// <summary>0 to us, 1 broadcast, 2 multicast, 3 to someone else, 4 sent by us.</summary>
    public ushort PacketType => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.PacketType..]);
    public ushort ArpHardwareType => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.ArpHrd..]);
    public ushort AddressLength => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.AddressLength..]);
    public ReadOnlySpan<byte> Address => _h.Slice(Field.Address, Math.Min((int)AddressLength, 8));
    /// <summary>An EtherType, or 1 (802.3 frames), 4 (802.2 LLC frames) and other Linux ETH_P_ values.</summary>
    public ushort Protocol => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.Protocol..]);
}

/// <summary>Linux "cooked" capture header, SLL v2 (LINKTYPE 276, 20 bytes).</summary>
public readonly ref struct LinuxSll2Header
{
    public const int Length = 20;
    private static class Field { public const int Protocol = 0, InterfaceIndex = 4, ArpHrd = 8, PacketType = 10, AddressLength = 11, Address = 12; }

    private readonly ReadOnlySpan<byte> _h;
    private LinuxSll2Header(ReadOnlySpan<byte> h) => _h = h;

    public static DecodeStatus TryRead(ReadOnlySpan<byte> frame, out LinuxSll2Header header)
    {
        header = default;
        if (frame.Length < Length) return DecodeStatus.Truncated;
        header = new LinuxSll2Header(frame[..Length]);
        return DecodeStatus.Ok;
    }

    public ushort Protocol => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.Protocol..]);
    public uint InterfaceIndex => BinaryPrimitives.ReadUInt32BigEndian(_h[Field.InterfaceIndex..]);
    public ushort ArpHardwareType => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.ArpHrd..]);
    public byte PacketType => _h[Field.PacketType];
    public byte AddressLength => _h[Field.AddressLength];
    public ReadOnlySpan<byte> Address => _h.Slice(Field.Address, Math.Min((int)AddressLength, 8));
}

/// <summary>BSD loopback header (LINKTYPE_NULL: 4-byte address family in the capturing host's byte order;
/// LINKTYPE_LOOP: always network order).</summary>
public readonly ref struct NullHeader
{
    public const int Length = 4;
    private readonly ReadOnlySpan<byte> _h;
    private readonly bool _networkOrder;
    private NullHeader(ReadOnlySpan<byte> h, bool networkOrder)
    {
        _h = h;
        _networkOrder = networkOrder;
    }

    public static DecodeStatus TryRead(ReadOnlySpan<byte> frame, bool networkOrder, out NullHeader header)
    {
        header = default;
        if (frame.Length < Length) return DecodeStatus.Truncated;
        header = new NullHeader(frame[..Length], networkOrder);
        return DecodeStatus.Ok;
    }

    /// <summary>The address family. For LINKTYPE_NULL the byte order is guessed: families are small numbers, so a
    /// value with its upper 16 bits set was written by a host of the other byte order.</summary>
    public uint Family
    {
        get
        {
            if (_networkOrder) return BinaryPrimitives.ReadUInt32BigEndian(_h);
            uint le = BinaryPrimitives.ReadUInt32LittleEndian(_h);
            return (le & 0xFFFF0000) != 0 ? BinaryPrimitives.ReverseEndianness(le) : le;
        }
    }

    /// <summary>AF_INET is 2 everywhere; AF_INET6 is 24 (NetBSD/OpenBSD), 28 (FreeBSD), 30 (Darwin) or 10 (Linux).</summary>
    public bool IsIpv4 => Family == 2;
    public bool IsIpv6 => Family is 24 or 28 or 30 or 10;

    /// <summary>Some systems write a PPP-style header instead: two bytes, then an EtherType in network order.</summary>
    public ushort TrailingEtherType => BinaryPrimitives.ReadUInt16BigEndian(_h[2..]);
}
