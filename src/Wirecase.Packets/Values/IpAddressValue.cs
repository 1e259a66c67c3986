using System.Buffers.Binary;
using System.Net;

namespace Wirecase.Packets;

/// <summary>An IPv4 or IPv6 address as a 17-byte value (no allocation); formatted only for output.</summary>
public readonly record struct IpAddressValue : IComparable<IpAddressValue>
{
    private readonly ulong _high;
    private readonly ulong _low;

    private IpAddressValue(ulong high, ulong low, byte version)
    {
        _high = high;
        _low = low;
        Version = version;
    }

    /// <summary>4, 6, or 0 for "none".</summary>
    public byte Version { get; }
    public bool IsNone => Version == 0;

    public static IpAddressValue V4(ReadOnlySpan<byte> four) => new(0, BinaryPrimitives.ReadUInt32BigEndian(four), 4);

    public static IpAddressValue V6(ReadOnlySpan<byte> sixteen) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(sixteen), BinaryPrimitives.ReadUInt64BigEndian(sixteen[8..]), 6);

    /// <summary>The IPv4 address as a big-endian integer (meaningful for version 4 only).</summary>
    public uint V4Value => (uint)_low;

    public void CopyTo(Span<byte> destination)
    {
        if (Version == 4) BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)_low);
        else
        {
            BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
            BinaryPrimitives.WriteUInt64BigEndian(destination[8..], _low);
        }
    }

    /// <summary>Sum of the address's big-endian 16-bit words (for checksum pseudo-headers); unfolded.</summary>
    public ulong WordSum()
    {
        static ulong Words(ulong v) => (v >> 48) + ((v >> 32) & 0xFFFF) + ((v >> 16) & 0xFFFF) + (v & 0xFFFF);
        return Version == 4 ? Words((uint)_low) : Words(_high) + Words(_low);
    }

    /// <summary>Orders by version, then numerically (a total order for canonical flow keys).</summary>
    public int CompareTo(IpAddressValue other)
    {
        int c = Version.CompareTo(other.Version);
        if (c != 0) return c;
        c = _high.CompareTo(other._high);
        return c != 0 ? c : _low.CompareTo(other._low);
    }

    public static bool operator <(IpAddressValue a, IpAddressValue b) => a.CompareTo(b) < 0;
    public static bool operator >(IpAddressValue a, IpAddressValue b) => a.CompareTo(b) > 0;
    public static bool operator <=(IpAddressValue a, IpAddressValue b) => a.CompareTo(b) <= 0;
    public static bool operator >=(IpAddressValue a, IpAddressValue b) => a.CompareTo(b) >= 0;

    /// <summary>A cheap hash for flow tables (the record's generated one goes through comparers field by field).</summary>
    public int FastHash() => (int)(_low ^ (_low >> 32) ^ _high ^ (_high >> 32)) ^ Version;

    public bool Equals(IpAddressValue other) => _low == other._low && _high == other._high && Version == other.Version;

    public override int GetHashCode() => FastHash();

    public int ByteLength => Version == 4 ? 4 : Version == 6 ? 16 : 0;

    public IPAddress ToIPAddress()
    {
        Span<byte> b = stackalloc byte[16];
        CopyTo(b);
        return new IPAddress(b[..ByteLength]);
    }

    /// <summary>Dotted quad or RFC 5952 text, as Wireshark prints addresses.</summary>
    public override string ToString() => Version switch
    {
        4 => $"{(byte)(_low >> 24)}.{(byte)(_low >> 16)}.{(byte)(_low >> 8)}.{(byte)_low}",
        6 => ToIPAddress().ToString(),
        _ => "",
    };

    /// <summary>The text of <see cref="ToString"/> written into <paramref name="destination"/> (at least 45 chars
    /// always suffice); IPv4 without allocating.</summary>
    /// <summary>The length of the address's text (<see cref="TryFormat"/>), counted without formatting an IPv4 address.</summary>
    public int TextLength()
    {
        if (Version == 4)
        {
            int length = 3;
            for (int shift = 24; shift >= 0; shift -= 8)
            {
                byte octet = (byte)(_low >> shift);
                length += octet >= 100 ? 3 : octet >= 10 ? 2 : 1;
            }
            return length;
        }
        Span<char> text = stackalloc char[64];
        return TryFormat(text, out int written) ? written : 0;
    }

    public bool TryFormat(Span<char> destination, out int written)
    {
        written = 0;
        switch (Version)
        {
            case 4:
                for (int shift = 24; shift >= 0; shift -= 8)
                {
                    if (shift != 24)
                    {
                        if (written >= destination.Length) return false;
                        destination[written++] = '.';
                    }
                    if (!((byte)(_low >> shift)).TryFormat(destination[written..], out int n, default, System.Globalization.CultureInfo.InvariantCulture)) return false;
                    written += n;
                }
                return true;
            case 6:
                return ToIPAddress().TryFormat(destination, out written);
            default:
                return true;
        }
    }
}
