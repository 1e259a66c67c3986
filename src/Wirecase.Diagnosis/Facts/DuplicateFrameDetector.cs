using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;

namespace Wirecase.Diagnosis.Facts;

/// <summary>
/// Finds TCP packets the capture holds twice — the same IPv4 packet (same IP ID, sequence, acknowledgment, flags,
/// length and window in the same connection and direction) within <see cref="WindowNs"/> — as a SPAN port mirroring
/// both directions or two VLANs produces. A real retransmission gets a new IP ID from a stack that numbers its packets;
/// stacks that send IP ID 0, and IPv6, cannot be told apart this way and are left out. A fixed table of recent
/// packets: constant memory, no allocation per packet.
/// </summary>
public sealed class DuplicateFrameDetector
{
    public const long WindowNs = 10_000_000;
    private const int Slots = 1 << 14;

    private readonly ulong[] _signatures = new ulong[Slots];
    private readonly long[] _times = new long[Slots];

    public long Duplicates { get; private set; }
    public long FirstDuplicateFrame { get; private set; }

    public void Add(long frame, long timestampNs, in DecodedPacket p, in TcpSegmentAnalysis a)
    {
        if (!p.Has(PacketLayers.Ipv4) || p.IpId == 0) return;
        ulong h = (ulong)(uint)a.Stream * 0x9E3779B97F4A7C15UL;
        h = (h ^ (a.FromOriginator ? 1UL : 2UL) ^ ((ulong)p.IpId << 8)) * 0xBF58476D1CE4E5B9UL;
        h = (h ^ a.RelativeSeq ^ ((ulong)a.RelativeAck << 32)) * 0x94D049BB133111EBUL;
        h = (h ^ (ulong)p.PayloadLength ^ ((ulong)p.TcpFlags << 20) ^ ((ulong)p.Window << 40)) * 0x9E3779B97F4A7C15UL;
        h |= 1;   // 0 marks an empty slot
        int slot = (int)(h >> 50) & (Slots - 1);
        if (_signatures[slot] == h && timestampNs - _times[slot] <= WindowNs && timestampNs >= _times[slot])
        {
            if (Duplicates++ == 0) FirstDuplicateFrame = frame;
        }
        _signatures[slot] = h;
        _times[slot] = timestampNs;
    }
}
