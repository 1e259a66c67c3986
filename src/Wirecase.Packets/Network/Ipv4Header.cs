using System.Buffers.Binary;

namespace Wirecase.Packets.Network;

/// <summary>
/// IPv4 header view (RFC 791). Truncated is not malformed: a header cut by the snaplen reads as Truncated; the total
/// length is taken from the header, not from the captured bytes, so payload lengths stay right in truncated captures.
/// Invariant: once TryRead returns Ok, no member throws.
/// </summary>
public readonly ref struct Ipv4Header
{
    public const int MinLength = 20;
    private static class Field
    {
        public const int VersionIhl = 0, Tos = 1, TotalLength = 2, Id = 4, FlagsFragment = 6, Ttl = 8, Protocol = 9;
        public const int Checksum = 10, Source = 12, Destination = 16;
    }

    private readonly ReadOnlySpan<byte> _h;
    private Ipv4Header(ReadOnlySpan<byte> h) => _h = h;

    public static DecodeStatus TryRead(ReadOnlySpan<byte> data, out Ipv4Header header)
    {
        header = default;
        if (data.Length < 1) return DecodeStatus.Truncated;
        if (data[0] >> 4 != 4) return DecodeStatus.Malformed;
        int length = (data[0] & 0x0F) * 4;
        if (length < MinLength) return DecodeStatus.Malformed;
        if (data.Length < length) return DecodeStatus.Truncated;
        header = new Ipv4Header(data[..length]);
        return DecodeStatus.Ok;
    }

    public int HeaderLength => _h.Length;
    public ReadOnlySpan<byte> Bytes => _h;
    public byte TypeOfService => _h[Field.Tos];
    public byte Dscp => (byte)(TypeOfService >> 2);
    public byte Ecn => (byte)(TypeOfService & 3);
    /// <summary>Total length from the header. Zero is seen on hosts with TCP segmentation offload.</summary>
    public ushort TotalLength => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.TotalLength..]);
    public ushort Identification => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.Id..]);
    private ushort FlagsFragment => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.FlagsFragment..]);
    public bool ReservedFlag => (FlagsFragment & 0x8000) != 0;
    public bool DontFragment => (FlagsFragment & 0x4000) != 0;
    public bool MoreFragments => (FlagsFragment & 0x2000) != 0;
    /// <summary>Fragment offset in bytes.</summary>
    public int FragmentOffset => (FlagsFragment & 0x1FFF) * 8;
    public bool IsFragment => MoreFragments || FragmentOffset != 0;
    public byte Ttl => _h[Field.Ttl];
    public byte Protocol => _h[Field.Protocol];
    public ushort Checksum => BinaryPrimitives.ReadUInt16BigEndian(_h[Field.Checksum..]);
    public IpAddressValue Source => IpAddressValue.V4(_h[Field.Source..]);
    public IpAddressValue Destination => IpAddressValue.V4(_h[Field.Destination..]);
    public ReadOnlySpan<byte> Options => _h[MinLength..];
    public ChecksumStatus VerifyChecksum() =>
        InternetChecksum.Compute(_h) == 0 ? ChecksumStatus.Good : ChecksumStatus.Bad;
}
