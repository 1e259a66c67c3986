using Wirecase.Capture;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Correlation.Points;

/// <summary>
/// What tells two files apart without reading them whole: the first frame's time and fingerprints of the first TCP
/// segments. A fingerprint leaves out everything a router or NAT rewrites (addresses, ports, TTL, checksums) and keeps
/// what the endpoints chose (raw sequence and acknowledgment numbers, flags, payload), so the same segment captured at two
/// points has the same fingerprint and two different segments practically never do.
/// </summary>
public sealed class FileSample
{
    public const int SampleSegments = 4000;

    private FileSample(string path) => Path = path;

    public string Path { get; }
    public long FirstNs { get; private set; } = long.MaxValue;
    public long LastNs { get; private set; } = long.MinValue;
    public bool HasTimes => FirstNs != long.MaxValue;
    /// <summary>Fingerprint → time of its first frame in this file.</summary>
    public Dictionary<ulong, long> Fingerprints { get; } = [];
    private bool _readWhole;

    public static FileSample Read(string path)
    {
        var sample = new FileSample(path);
        using var reader = CaptureFile.Open(path);
        var decoder = new PacketDecoder();
        var packet = new DecodedPacket();
        int segments = 0;
        while (segments < SampleSegments && reader.MoveNext())
        {
            var frame = reader.Current;
            sample.Note(frame, reader.CurrentTimestampNs);
            if (frame.Kind != FrameKind.Packet) continue;
            packet = default;
            decoder.Decode(frame, ref packet);
            if (!packet.IsTcp || !packet.TransportHeaderComplete) continue;
            sample.Fingerprints.TryAdd(Fingerprint(packet, decoder.Payload(frame.Data, packet)), reader.CurrentTimestampNs);
            segments++;
        }
        return sample;
    }

    /// <summary>Reads to the end for the last frame's time (needed only to tell a file that follows another in time).</summary>
    public void ReadToEnd()
    {
        if (_readWhole) return;
        _readWhole = true;
        using var reader = CaptureFile.Open(Path);
        while (reader.MoveNext()) Note(reader.Current, reader.CurrentTimestampNs);
    }

    private void Note(in CaptureFrame frame, long timestampNs)
    {
        if (!frame.HasTimestamp) return;
        if (timestampNs < FirstNs) FirstNs = timestampNs;
        if (timestampNs > LastNs) LastNs = timestampNs;
    }

    internal static ulong Fingerprint(in DecodedPacket p, ReadOnlySpan<byte> payload)
    {
        ulong h = ((ulong)p.Sequence.Value << 32) | p.Acknowledgment.Value;
        h ^= (ulong)(p.TcpRawFlags & (ushort)(TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst | TcpFlags.Ack)) * 0x9E3779B97F4A7C15UL;
        h ^= (ulong)p.PayloadLength * 0xC2B2AE3D27D4EB4FUL;
        return h ^ PayloadHash.Of(payload);
    }

    public int Shared(FileSample other)
    {
        var (small, large) = Fingerprints.Count <= other.Fingerprints.Count ? (Fingerprints, other.Fingerprints) : (other.Fingerprints, Fingerprints);
        int n = 0;
        foreach (var f in small.Keys) if (large.ContainsKey(f)) n++;
        return n;
    }

    /// <summary>The median of (other's time − this file's time) over the segments both hold, or null when none.</summary>
    public long? MedianOffsetTo(FileSample other)
    {
        var deltas = new List<long>();
        foreach (var (f, t) in Fingerprints)
            if (other.Fingerprints.TryGetValue(f, out long u)) deltas.Add(u - t);
        if (deltas.Count == 0) return null;
        deltas.Sort();
        return deltas[deltas.Count / 2];
    }
}
