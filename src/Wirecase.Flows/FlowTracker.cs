using Wirecase.Capture;
using Wirecase.Flows.Conversations;
using Wirecase.Flows.Reassembly;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;

namespace Wirecase.Flows;

/// <summary>
/// The flow stage for one capture file: decodes each frame, tracks TCP connections with their per-segment analysis,
/// counts UDP and IP conversations, and (when asked) reassembles TCP payloads into sinks. Feed frames in capture order.
/// </summary>
public sealed class FlowTracker
{
    private readonly PacketDecoder _decoder = new();
    private readonly Func<TcpConnection, IStreamSink?>? _sinkFor;
    private readonly bool _countConversations;

    /// <param name="sinkFor">Chooses a sink for a connection's payload (null: no reassembly for it). Called once per connection.</param>
    /// <param name="countConversations">Also count UDP and IP conversations (a lookup per packet; off unless needed).</param>
    public FlowTracker(Func<TcpConnection, IStreamSink?>? sinkFor = null, ReassemblyLimits? limits = null, bool countConversations = false)
    {
        _sinkFor = sinkFor;
        _countConversations = countConversations;
        Budget = new ReassemblyBudget(limits ?? new ReassemblyLimits());
    }

    public TcpConnectionTable Tcp { get; } = new();
    public ConversationTable Conversations { get; } = new();
    public ReassemblyBudget Budget { get; }
    public PacketDecoder Decoder => _decoder;

    /// <summary>The reassembler of a connection, if it has one.</summary>
    public TcpStreamReassembler? ReassemblerOf(int stream) => Tcp.ByStream(stream)?.Reassembler;

    /// <summary>Decodes and tracks one frame. True when it was a TCP segment (then <paramref name="analysis"/> is set).</summary>
    public bool Process(in CaptureFrame frame, ref DecodedPacket packet, out TcpSegmentAnalysis analysis)
    {
        _decoder.Decode(frame, ref packet);
        return ProcessDecoded(frame.Number, frame.TimestampNs, frame.Kind, packet, _decoder.Payload(frame.Data, packet), out analysis);
    }

    /// <summary>Tracks a frame decoded elsewhere (by a decoding thread ahead of this one). <paramref name="payload"/>
    /// holds the transport payload bytes the capture has.</summary>
    public bool ProcessDecoded(long frameNumber, long timestampNs, FrameKind kind, in DecodedPacket packet,
        ReadOnlySpan<byte> payload, out TcpSegmentAnalysis analysis)
    {
        analysis = default;
        if (kind != FrameKind.Packet) return false;
        if (_countConversations) Conversations.Add(packet, frameNumber, timestampNs);
        if (packet.Has(PacketLayers.IcmpQuote)) Tcp.NoteQuoted(packet, frameNumber, timestampNs);
        if (!packet.IsTcp || !packet.TransportHeaderComplete) return false;
        var connection = Tcp.Process(frameNumber, timestampNs, packet, out analysis);
        if (_sinkFor is not null) Reassemble(connection, packet, analysis, payload, frameNumber, timestampNs);
        return true;
    }

    private void Reassemble(TcpConnection connection, in DecodedPacket packet, in TcpSegmentAnalysis analysis,
        ReadOnlySpan<byte> payload, long frameNumber, long timestampNs)
    {
        var r = connection.Reassembler;
        if (r is null)
        {
            if (connection.ReassemblyDeclined) return;
            var sink = _sinkFor!(connection);
            if (sink is null)
            {
                connection.ReassemblyDeclined = true;
                return;
            }
            r = connection.Reassembler = new TcpStreamReassembler(sink, Budget);
        }
        r.OnSegment(connection, packet, analysis, payload, new FrameTime(frameNumber, timestampNs));
    }

    /// <summary>End of capture: flushes every reassembler (holes become gaps), at the capture's last frame.</summary>
    public void Finish(long lastFrame, long lastTimestampNs = 0)
    {
        var end = new FrameTime(lastFrame, lastTimestampNs);
        foreach (var c in Tcp.Connections) c.Reassembler?.Finish(end);
    }
}
