using System.Buffers.Binary;

namespace Wirecase.Packets.Link;

/// <summary>Ethernet II / IEEE 802.3 header view (14 bytes). Invariant: once TryRead returns Ok, no member throws.</summary>
public readonly ref struct EthernetHeader
{
    public const int Length = 14;
    private static class Field { public const int Destination = 0, Source = 6, TypeOrLength = 12; }

    private readonly ReadOnlySpan<byte> _h;
    private EthernetHeader(ReadOnlySpan<byte> h) => _h = h;

    public static DecodeStatus TryRead(ReadOnlySpan<byte> frame, out EthernetHeader header)
    {
        header = default;
        if (frame.Length < Length) return DecodeStatus.Truncated;
        header = new EthernetHeader(frame[..Length]);
        return DecodeStatus.Ok;
    }

    public MacAddress Destination => MacAddress.Read(_h[Field.Destination..]);
    public MacAddress Source => MacAddress.Read(_h[Field.Source..]);
    /// <summary>An EtherType (≥ 0x0600) or an 802.3 length (≤ 1500).</summary>
    public ushort TypeOrLength => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.TypeOrLength..]);
    public bool IsIeee8023 => TypeOrLength <= EtherTypes.MaxLength;
}

/// <summary>IEEE 802.2 LLC header (3 bytes), optionally followed by SNAP (5 bytes: OUI + EtherType).</summary>
public readonly ref struct LlcHeader
{
    public const int Length = 3;
    public const int SnapLength = 5;
    private const byte SnapSap = 0xAA;

    private readonly ReadOnlySpan<byte> _h;
    private LlcHeader(ReadOnlySpan<byte> h) => _h = h;

    public static DecodeStatus TryRead(ReadOnlySpan<byte> data, out LlcHeader header)
    {
        header = default;
        if (data.Length < Length) return DecodeStatus.Truncated;
        header = new LlcHeader(data.Length >= Length + SnapLength ? data[..(Length + SnapLength)] : data[..Length]);
        return DecodeStatus.Ok;
    }

    public byte Dsap => _h[0];
    public byte Ssap => _h[1];
    public byte Control => _h[2];
    /// <summary>SNAP: DSAP = SSAP = 0xAA, UI frame, followed by an OUI and an EtherType.</summary>
    public bool IsSnap => Dsap == SnapSap && Ssap == SnapSap && Control == 0x03 && _h.Length >= Length + SnapLength;
    /// <summary>The EtherType carried in SNAP (valid when <see cref="IsSnap"/>).</summary>
    public ushort SnapEtherType => IsSnap ? BinaryPrimitives.ReadUInt16BigEndian(_h[(Length + 3)..]) : (ushort)0;
    public int HeaderLength => IsSnap ? Length + SnapLength : Length;
}
