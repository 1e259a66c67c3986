using Wirecase.Packets;

namespace Wirecase.Flows.Conversations;

/// <summary>
/// A conversation as Wireshark's Statistics → Conversations counts it: endpoint A is the source of the first packet.
/// Frames and bytes (frame lengths) each way, first and last time.
/// </summary>
public sealed class Conversation
{
    internal Conversation(IpAddressValue a, ushort portA, IpAddressValue b, ushort portB, byte protocol, long firstNs, long firstFrame)
    {
        AddressA = a;
        PortA = portA;
        AddressB = b;
        PortB = portB;
        Protocol = protocol;
        StartNs = firstNs;
        EndNs = firstNs;
        FirstFrame = firstFrame;
    }

    public IpAddressValue AddressA { get; }
    public ushort PortA { get; }
    public IpAddressValue AddressB { get; }
    public ushort PortB { get; }
    /// <summary>6 TCP, 17 UDP, 0 for an IP-level conversation.</summary>
    public byte Protocol { get; }
    public long FramesAToB { get; internal set; }
    public long BytesAToB { get; internal set; }
    public long FramesBToA { get; internal set; }
    public long BytesBToA { get; internal set; }
    public long StartNs { get; }
    public long EndNs { get; internal set; }
    public long FirstFrame { get; }
    public long Frames => FramesAToB + FramesBToA;
    public long Bytes => BytesAToB + BytesBToA;
    public double DurationSeconds => (EndNs - StartNs) / 1e9;

    internal void Add(bool aToB, uint length, long timestampNs)
    {
        if (aToB)
        {
            FramesAToB++;
            BytesAToB += length;
        }
        else
        {
            FramesBToA++;
            BytesBToA += length;
        }
        if (timestampNs > EndNs) EndNs = timestampNs;
    }
}
