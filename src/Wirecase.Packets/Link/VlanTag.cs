using System.Buffers.Binary;

namespace Wirecase.Packets.Link;

/// <summary>An IEEE 802.1Q / 802.1ad tag after its TPID (4 bytes: TCI and the inner EtherType).</summary>
public readonly ref struct VlanTag
{
    public const int Length = 4;
    private readonly ReadOnlySpan<byte> _h;
    private VlanTag(ReadOnlySpan<byte> h) => _h = h;

    /// <summary><paramref name="data"/> starts at the TCI (right after the 0x8100/0x88A8 type).</summary>
    public static DecodeStatus TryRead(ReadOnlySpan<byte> data, out VlanTag tag)
    {
        tag = default;
        if (data.Length < Length) return DecodeStatus.Truncated;
        tag = new VlanTag(data[..Length]);
        return DecodeStatus.Ok;
    }

    private ushort Tci => BinaryPrimitives.ReadUInt16BigEndian(_h);
    public ushort Id => (ushort)(Tci & 0x0FFF);
    public byte Priority => (byte)(Tci >> 13);
    public bool DropEligible => (Tci & 0x1000) != 0;
    public ushort EtherType => BinaryPrimitives.ReadUInt16BigEndian(_h[2..]);
}
