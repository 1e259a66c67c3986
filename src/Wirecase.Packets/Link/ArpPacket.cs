using System.Buffers.Binary;

namespace Wirecase.Packets.Link;

/// <summary>ARP (RFC 826) view; Ethernet/IPv4 addresses are decoded, others only sized.</summary>
public readonly ref struct ArpPacket
{
    public const int FixedLength = 8;
    private readonly ReadOnlySpan<byte> _h;
    private ArpPacket(ReadOnlySpan<byte> h) => _h = h;

    public static DecodeStatus TryRead(ReadOnlySpan<byte> data, out ArpPacket arp)
    {
        arp = default;
        if (data.Length < FixedLength) return DecodeStatus.Truncated;
        int total = FixedLength + 2 * (data[4] + data[5]);
        if (data.Length < total) return DecodeStatus.Truncated;
        arp = new ArpPacket(data[..total]);
        return DecodeStatus.Ok;
    }

    public ushort HardwareType => BinaryPrimitives.ReadUInt16BigEndian(_h);
    public ushort ProtocolType => BinaryPrimitives.ReadUInt16BigEndian(_h[2..]);
    public byte HardwareSize => _h[4];
    public byte ProtocolSize => _h[5];
    /// <summary>1 request, 2 reply.</summary>
    public ushort Operation => BinaryPrimitives.ReadUInt16BigEndian(_h[6..]);
    public bool IsEthernetIpv4 => HardwareSize == 6 && ProtocolSize == 4;
    public ReadOnlySpan<byte> SenderProtocolAddress => _h.Slice(FixedLength + HardwareSize, ProtocolSize);
    public ReadOnlySpan<byte> TargetProtocolAddress => _h.Slice(FixedLength + 2 * HardwareSize + ProtocolSize, ProtocolSize);
    public ReadOnlySpan<byte> SenderHardwareAddress => _h.Slice(FixedLength, HardwareSize);
}
