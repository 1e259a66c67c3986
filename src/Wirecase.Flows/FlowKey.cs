using System.IO.Hashing;
using Wirecase.Packets;

namespace Wirecase.Flows;

/// <summary>
/// A direction-independent conversation key: the two (address, port) endpoints in a canonical order, and the protocol.
/// Both directions of a connection map to the same key; <see cref="IsForward"/> tells which way a packet went.
/// </summary>
public readonly record struct FlowKey(IpAddressValue AddressA, ushort PortA, IpAddressValue AddressB, ushort PortB, byte Protocol)
{
    /// <summary>Builds the canonical key for a packet and says whether the packet goes A → B.</summary>
    public static FlowKey For(in IpAddressValue source, ushort sourcePort, in IpAddressValue destination, ushort destinationPort,
        byte protocol, out bool sourceIsA)
    {
        int c = Compare(source, sourcePort, destination, destinationPort);
        sourceIsA = c <= 0;
        return sourceIsA
            ? new FlowKey(source, sourcePort, destination, destinationPort, protocol)
            : new FlowKey(destination, destinationPort, source, sourcePort, protocol);
    }

    private static int Compare(in IpAddressValue a, ushort pa, in IpAddressValue b, ushort pb)
    {
        int c = a.CompareTo(b);
        return c != 0 ? c : pa.CompareTo(pb);
    }

    public bool Equals(FlowKey other) =>
        PortA == other.PortA && PortB == other.PortB && Protocol == other.Protocol && AddressA == other.AddressA && AddressB == other.AddressB;

    public override int GetHashCode() =>
        HashCode.Combine(AddressA.FastHash(), AddressB.FastHash(), PortA | (PortB << 16), Protocol);

    /// <summary>A 64-bit hash of the key, the same in every run: for indexes that keep only the hash in memory (and
    /// check the key where they keep it).</summary>
    public ulong Hash64()
    {
        Span<byte> b = stackalloc byte[40];
        b.Clear();
        AddressA.CopyTo(b);
        AddressB.CopyTo(b[16..]);
        b[32] = AddressA.Version;
        b[33] = AddressB.Version;
        b[34] = (byte)(PortA >> 8);
        b[35] = (byte)PortA;
        b[36] = (byte)(PortB >> 8);
        b[37] = (byte)PortB;
        b[38] = Protocol;
        return XxHash3.HashToUInt64(b);
    }

    /// <summary>True when the packet from <paramref name="source"/>:<paramref name="sourcePort"/> goes A → B.</summary>
    public bool IsForward(in IpAddressValue source, ushort sourcePort) => source == AddressA && sourcePort == PortA;
}
