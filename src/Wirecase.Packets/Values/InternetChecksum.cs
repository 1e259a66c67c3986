using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Wirecase.Packets;

/// <summary>Whether a checksum was checked and how it came out. Values match Wireshark's *.checksum.status.</summary>
public enum ChecksumStatus : byte
{
    Bad = 0,
    Good = 1,
    /// <summary>Not checked: bytes missing (snaplen), an optional checksum left at zero, or no checksum at all.</summary>
    Unverified = 2,
    /// <summary>The sender left an optional checksum out (UDP over IPv4 with checksum 0, RFC 768).</summary>
    NotPresent = 3,
}

/// <summary>
/// The Internet checksum (RFC 1071): the 16-bit one's-complement of the one's-complement sum. The sum is
/// byte-order independent (RFC 1071 §2(B)), so words are added in the machine's order and swapped once at the end.
/// Partial sums from several spans (pseudo-header, header, payload) add up as long as each span but the last has even length.
/// </summary>
public static class InternetChecksum
{
    /// <summary>Adds <paramref name="data"/> to a running sum.</summary>
    public static ulong Add(ulong sum, ReadOnlySpan<byte> data)
    {
        if (Vector128.IsHardwareAccelerated && data.Length >= 64)
        {
            // 16 bytes a step. Not 32: the published wirecase is compiled ahead of time for processors without AVX2,
            // where a 32-byte path would never run (and the jitted tests would test a path users never take).
            sum = AddBlocks128(sum, data, out int consumed);
            data = data[consumed..];
        }
        ulong s0 = 0, s1 = 0;
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        int i = 0;
        for (; i + 1 < words.Length; i += 2)
        {
            ulong a = words[i], b = words[i + 1];
            s0 += (uint)a + (a >> 32);
            s1 += (uint)b + (b >> 32);
        }
        if (i < words.Length)
        {
            ulong a = words[i];
            s0 += (uint)a + (a >> 32);
        }
        sum += s0 + s1;
        int done = words.Length * 8;
        var tail = data[done..];
        if (tail.Length >= 4)
        {
            sum += MemoryMarshal.Read<uint>(tail);
            tail = tail[4..];
        }
        if (tail.Length >= 2)
        {
            sum += MemoryMarshal.Read<ushort>(tail);
            tail = tail[2..];
        }
        if (tail.Length == 1)
            sum += BitConverter.IsLittleEndian ? tail[0] : (ulong)tail[0] << 8;
        return sum;
    }

    /// <summary>Adds the whole 16-byte blocks of <paramref name="data"/> (<paramref name="consumed"/> bytes): the low
    /// and high 16-bit halves of four 32-bit lanes summed apart (each half adds at most 0xFFFF, so a lane holds 65 536
    /// steps), folded into the 64-bit sum every 4096 steps. Summing 16-bit words instead of 32-bit ones gives the same
    /// one's-complement sum (2^16 ≡ 1 mod 0xFFFF).</summary>
    internal static ulong AddBlocks128(ulong sum, ReadOnlySpan<byte> data, out int consumed)
    {
        var blocks = MemoryMarshal.Cast<byte, Vector128<uint>>(data);
        var low = Vector128.Create(0xFFFFu);
        for (int start = 0; start < blocks.Length; start += 4096)
        {
            Vector128<uint> lo = Vector128<uint>.Zero, hi = Vector128<uint>.Zero;
            foreach (var v in blocks.Slice(start, Math.Min(4096, blocks.Length - start)))
            {
                lo += v & low;
                hi += v >>> 16;
            }
            var (lo0, lo1) = Vector128.Widen(lo);
            var (hi0, hi1) = Vector128.Widen(hi);
            sum += Vector128.Sum(lo0 + lo1 + hi0 + hi1);
        }
        consumed = blocks.Length * 16;
        return sum;
    }

    /// <summary>Adds a 16-bit value given in network order meaning (e.g. a length in a pseudo-header).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong AddWord(ulong sum, ushort networkOrderValue) =>
        sum + (BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(networkOrderValue) : networkOrderValue);

    /// <summary>Folds the sum to 16 bits and complements it: 0 when the data (checksum field included) verifies.</summary>
    public static ushort Finish(ulong sum)
    {
        sum = (sum & 0xFFFFFFFF) + (sum >> 32);
        sum = (sum & 0xFFFFFFFF) + (sum >> 32);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        sum = (sum & 0xFFFF) + (sum >> 16);
        ushort folded = (ushort)~sum;
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(folded) : folded;
    }

    /// <summary>The checksum of one span, as it would be written in the header (network order value).</summary>
    public static ushort Compute(ReadOnlySpan<byte> data) => Finish(Add(0, data));

    /// <summary>Sum of the TCP/UDP/ICMPv6 pseudo-header (RFC 9293 §3.1, RFC 8200 §8.1).</summary>
    public static ulong PseudoHeader(in IpAddressValue source, in IpAddressValue destination, byte protocol, uint length)
    {
        // Summed as big-endian 16-bit words straight from the address values, folded, then swapped once into the
        // machine-order domain of Add (the folded sum commutes with byte swapping, RFC 1071 §2(B)).
        ulong be = source.WordSum() + destination.WordSum() + protocol + (length >> 16) + (length & 0xFFFF);
        be = (be & 0xFFFF) + (be >> 16);
        be = (be & 0xFFFF) + (be >> 16);
        be = (be & 0xFFFF) + (be >> 16);
        ushort folded = (ushort)be;
        return BitConverter.IsLittleEndian ? BinaryPrimitives.ReverseEndianness(folded) : folded;
    }
}
