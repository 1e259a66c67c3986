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
        analysis = default;
        _decoder.Decode(frame, ref packet);
        if (frame.Kind != FrameKind.Packet) return false;
        if (_countConversations) Conversations.Add(packet, frame.Number, frame.TimestampNs);
        if (packet.Has(PacketLayers.IcmpQuote)) Tcp.NoteQuoted(packet, frame.Number, frame.TimestampNs);
        if (!packet.IsTcp || !packet.TransportHeaderComplete) return false;
        var connection = Tcp.Process(frame.Number, frame.TimestampNs, packet, out analysis);
        if (_sinkFor is not null) Reassemble(connection, frame, packet, analysis);
        return true;
    }

    private void Reassemble(TcpConnection connection, in CaptureFrame frame, in DecodedPacket packet, in TcpSegmentAnalysis analysis)
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
        r.OnSegment(connection, packet, analysis, _decoder.Payload(frame.Data, packet), frame.Number);
    }

    /// <summary>End of capture: flushes every reassembler (holes become gaps).</summary>
    public void Finish(long lastFrame)
    {
        foreach (var c in Tcp.Connections) c.Reassembler?.Finish(lastFrame);
    }
}
