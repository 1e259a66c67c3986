using Wirecase.Capture;
using Wirecase.Packets.Decoding;

namespace Wirecase.Flows.Pipeline;

/// <summary>A frame read and decoded on the decoding thread, with its bytes copied into its batch.</summary>
public struct DecodedFrame
{
    public int FileIndex;
    /// <summary>For a TCP segment, when the pipeline was asked to: <see cref="Tcp.TcpConnectionTable.KeyHashes"/>.</summary>
    public int TcpKeyHash;
    /// <summary>For a SYN without ACK, when the pipeline was asked for TCP keys: the hash from <see cref="Tcp.TcpConnectionTable.KeyHashes"/>
    /// (a new connection's 4-tuple is looked up among the let-go-of ones: that lookup can be prefetched); else 0.</summary>
    public ulong TcpSynRememberedHash;
    /// <summary>Wireshark's frame number within its file.</summary>
    public long Number;
    /// <summary>The capture point the frame belongs to (files that follow each other in time form one point).</summary>
    public int Point;
    /// <summary>The frame's identity within its point (<see cref="Wirecase.Capture.FrameId"/>); equals
    /// <see cref="Number"/> in a point's first file.</summary>
    public long FrameId;
    public long TimestampNs;
    public bool HasTimestamp;
    public FrameKind Kind;
    public CaptureInterface? Interface;
    public uint OriginalLength;
    /// <summary>The record's comment (pcapng opt_comment), or null.</summary>
    public string? Comment;
    public DecodedPacket Packet;
    internal int DataOffset;
    internal int DataLength;
    internal int PayloadOffset;
    internal int PayloadLength;
}

/// <summary>A batch of decoded frames and the bytes they refer to. Recycled between the two threads.</summary>
public sealed class DecodedFrameBatch
{
    // A batch's frames (~500 bytes each decoded) fit in a core's second-level cache, so the tracking thread reads them
    // soon after the decoding thread wrote them. Batches in flight: see DecodingPipeline.BatchesInFlight. The bytes are
    // not zeroed first (every byte read was written by Append).
    public const int MaxFrames = 512;
    internal const int InitialBytes = 1024 * 1024;

    internal DecodedFrame[] Frames { get; } = new DecodedFrame[MaxFrames];
    internal byte[] Bytes = GC.AllocateUninitializedArray<byte>(InitialBytes);
    internal int Used;
    public int Count { get; internal set; }

    public ref DecodedFrame this[int index] => ref Frames[index];

    /// <summary>The frame's bytes as captured.</summary>
    public ReadOnlySpan<byte> Data(in DecodedFrame f) => Bytes.AsSpan(f.DataOffset, f.DataLength);

    /// <summary>The frame as the capture layer shows it (its bytes in this batch).</summary>
    public CaptureFrame Frame(in DecodedFrame f) =>
        new(f.Number, f.Kind, f.HasTimestamp, f.TimestampNs, f.Interface, f.OriginalLength, Data(f), f.Comment, 0);

    /// <summary>The frame's transport payload (from the reassembled datagram for IP fragments).</summary>
    public ReadOnlySpan<byte> Payload(in DecodedFrame f) => Bytes.AsSpan(f.PayloadOffset, f.PayloadLength);

    internal bool HasRoom(int bytes) => Count < MaxFrames && Used + bytes <= Bytes.Length;

    internal int Append(ReadOnlySpan<byte> data)
    {
        if (Used + data.Length > Bytes.Length)
        {
            // One frame larger than the batch: grow (bounded by the largest record a reader accepts).
            Array.Resize(ref Bytes, Math.Max(Bytes.Length * 2, Used + data.Length));
        }
        int at = Used;
        data.CopyTo(Bytes.AsSpan(at));
        Used += data.Length;
        return at;
    }

    internal void Clear()
    {
        Count = 0;
        Used = 0;
    }
}
