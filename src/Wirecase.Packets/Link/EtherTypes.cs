namespace Wirecase.Packets.Link;

/// <summary>EtherType values Wirecase decodes (IEEE 802 numbers).</summary>
public static class EtherTypes
{
    public const ushort Ipv4 = 0x0800;
    public const ushort Arp = 0x0806;
    public const ushort Vlan = 0x8100;         // IEEE 802.1Q C-tag
    public const ushort QinQ = 0x88A8;         // IEEE 802.1ad S-tag
    public const ushort QinQLegacy = 0x9100;   // pre-standard double tagging
    public const ushort Ipv6 = 0x86DD;
    /// <summary>Cisco VN-Tag (802.1Qbh predecessor): 4 bytes of tag, then the inner EtherType.</summary>
    public const ushort VnTag = 0x8926;
    public const ushort PppoeSession = 0x8864;
    public const ushort MplsUnicast = 0x8847;
    public const ushort MplsMulticast = 0x8848;
    /// <summary>Values up to 1500 are an 802.3 length, not a type.</summary>
    public const ushort MaxLength = 1500;
    /// <summary>Values from 1536 on are EtherTypes.</summary>
    public const ushort MinType = 0x0600;

    public static bool IsVlanTag(ushort type) => type is Vlan or QinQ or QinQLegacy;
}
