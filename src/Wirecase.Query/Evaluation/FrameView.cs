using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;

namespace Wirecase.Query.Evaluation;

/// <summary>What a filter sees of one frame: the capture record, the decoded headers, the TCP analysis when the frame is
/// a TCP segment, and what the application layer and the diagnosis said about it. Lives only during the test.</summary>
public ref struct FrameView
{
    public ReadOnlySpan<byte> Data;
    public ref readonly DecodedPacket Packet;
    public long Number;
    public bool HasTimestamp;
    public long TimestampNs;
    /// <summary>Since the first frame (Wireshark's frame.time_relative).</summary>
    public long RelativeNs;
    /// <summary>Since the previous frame (frame.time_delta).</summary>
    public long DeltaNs;
    public uint OriginalLength;
    public int InterfaceId;
    public string? Comment;
    /// <summary>Whether <see cref="Tcp"/> holds this segment's analysis.</summary>
    public bool HasTcpAnalysis;
    public ref readonly TcpSegmentAnalysis Tcp;
    /// <summary>For an ICMP error quoting a TCP header: the stream of the connection it quotes, or -1.</summary>
    public int QuotedTcpStream;
    /// <summary>The application protocol the analyzers recognised in this frame ("SMTP", "TLS", "HTTP", "DNS", "LPD"), if any.</summary>
    public string? Application;
    /// <summary>Ids of the findings that cite this frame as evidence, when a diagnosis ran.</summary>
    public string? Findings;
    /// <summary>The Zeek-style state of the frame's TCP connection at the end of the capture (SF, S0, REJ, RSTO …).</summary>
    public string? ConnectionState;
}
