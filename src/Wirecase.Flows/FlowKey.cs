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

    /// <summary>True when the packet from <paramref name="source"/>:<paramref name="sourcePort"/> goes A → B.</summary>
    public bool IsForward(in IpAddressValue source, ushort sourcePort) => source == AddressA && sourcePort == PortA;
}
