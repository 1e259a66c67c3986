namespace Wirecase.Capture;

/// <summary>
/// One record read from a capture, borrowed from the reader's buffer: <see cref="Data"/> is valid only until the
/// reader moves on. Copy out what must outlive that.
/// </summary>
public readonly ref struct CaptureFrame
{
    public CaptureFrame(long number, FrameKind kind, bool hasTimestamp, long timestampNs, CaptureInterface? iface,
        uint originalLength, ReadOnlySpan<byte> data, string? comment, long fileOffset)
    {
        Number = number;
        Kind = kind;
        HasTimestamp = hasTimestamp;
        TimestampNs = timestampNs;
        Interface = iface;
        OriginalLength = originalLength;
        Data = data;
        Comment = comment;
        FileOffset = fileOffset;
    }

    /// <summary>1-based number within its own file, equal to Wireshark's frame.number.</summary>
    public long Number { get; }
    public FrameKind Kind { get; }
    /// <summary>False for records that carry no time (pcapng Simple Packet Blocks, custom blocks).</summary>
    public bool HasTimestamp { get; }
    /// <summary>Nanoseconds since 1970-01-01 UTC. When <see cref="HasTimestamp"/> is false, the previous frame's time.</summary>
    public long TimestampNs { get; }
    /// <summary>The interface the record was captured on; null for records that belong to none (custom blocks).</summary>
    public CaptureInterface? Interface { get; }
    public LinkType LinkType => Interface?.LinkType ?? LinkType.Null;
    /// <summary>Length of the packet on the wire.</summary>
    public uint OriginalLength { get; }
    /// <summary>Length of the bytes in the file (less than <see cref="OriginalLength"/> when a snaplen cut it).</summary>
    public int CapturedLength => Data.Length;
    public ReadOnlySpan<byte> Data { get; }
    /// <summary>The record's comment (pcapng opt_comment on the packet), or null.</summary>
    public string? Comment { get; }
    /// <summary>Byte offset of the record in the (decompressed) file, for error messages and evidence.</summary>
    public long FileOffset { get; }
    public bool IsTruncated => Data.Length < OriginalLength;
}
