using Wirecase.Capture;
using Wirecase.Flows.Reassembly;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;

namespace Wirecase.Flows;

/// <summary>
/// The flow stage for one capture file: decodes each frame, tracks TCP connections with their per-segment analysis,
/// and (when asked) reassembles TCP payloads into sinks. Feed frames in capture order. (UDP and IP conversations are
/// counted by a <see cref="Conversations.ConversationTable"/> of their own.)
/// </summary>
public sealed class FlowTracker
{
    private readonly PacketDecoder _decoder = new();
    private readonly Func<TcpConnection, IStreamSink?>? _sinkFor;
    // Reassemblers of connections let go of (with retirement), reused for the next ones. Spare and held ones together
    // stay under the policy's bound on held connections, as the table's spare connection objects do: a burst of
    // retirements (the table full) leaves no garbage behind to be collected later.
    private readonly Stack<TcpStreamReassembler> _spareReassemblers = new();
    private readonly int _maxReassemblers;
    private readonly bool _retiring;
    private FrameTime? _captureEnd;   // set by Finish: what is still held ends with the capture

    /// <param name="sinkFor">Chooses a sink for a connection's payload (null: no reassembly for it). Called once per connection.</param>
    /// <param name="retirement">Let go of finished and idle connections (memory then follows the connections in
    /// progress): each goes to <paramref name="retired"/> with its reassembly finished.</param>
    public FlowTracker(Func<TcpConnection, IStreamSink?>? sinkFor = null, ReassemblyLimits? limits = null,
        TcpRetirementPolicy? retirement = null, Action<TcpConnection>? retired = null)
    {
        _sinkFor = sinkFor;
        Budget = new ReassemblyBudget(limits ?? new ReassemblyLimits());
        _retiring = retirement is not null;
        _maxReassemblers = retirement?.MaxLiveConnections ?? 0;
        if (retirement is null) Tcp = new TcpConnectionTable();
        else
        {
            ArgumentNullException.ThrowIfNull(retired);
            Tcp = new TcpConnectionTable(retirement, c =>
            {
                var r = c.Reassembler;
                r?.Finish(_captureEnd ?? new FrameTime(c.LastFrame, c.EndNs));
                retired(c);
                if (r is not null && _spareReassemblers.Count + Tcp!.HeldCount < _maxReassemblers) _spareReassemblers.Push(r);
            });
        }
    }

    public TcpConnectionTable Tcp { get; }
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
        ReadOnlySpan<byte> payload, out TcpSegmentAnalysis analysis) =>
        Track(frameNumber, timestampNs, kind, packet, payload, null, out analysis);

    /// <param name="tcpKeyHash">For a TCP segment, <see cref="TcpConnectionTable.KeyHashes"/> computed ahead.</param>
    public bool ProcessDecoded(long frameNumber, long timestampNs, FrameKind kind, in DecodedPacket packet,
        ReadOnlySpan<byte> payload, int tcpKeyHash, out TcpSegmentAnalysis analysis) =>
        Track(frameNumber, timestampNs, kind, packet, payload, tcpKeyHash, out analysis);

    private bool Track(long frameNumber, long timestampNs, FrameKind kind, in DecodedPacket packet,
        ReadOnlySpan<byte> payload, int? tcpKeyHash, out TcpSegmentAnalysis analysis)
    {
        analysis = default;
        if (kind != FrameKind.Packet) return false;
        if (packet.Has(PacketLayers.IcmpQuote)) Tcp.NoteQuoted(packet, frameNumber, timestampNs);
        if (!packet.IsTcp || !packet.TransportHeaderComplete) return false;
        var connection = tcpKeyHash is { } hash
            ? Tcp.Process(frameNumber, timestampNs, packet, hash, out analysis)
            : Tcp.Process(frameNumber, timestampNs, packet, out analysis);
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
            if (_spareReassemblers.TryPop(out r)) r.Reuse(sink);
            else r = new TcpStreamReassembler(sink, Budget);
            connection.Reassembler = r;
        }
        r.OnSegment(connection, packet, analysis, payload, new FrameTime(frameNumber, timestampNs));
    }

    /// <summary>End of capture: flushes every reassembler (holes become gaps), at the capture's last frame; with
    /// retirement, hands every connection still held to the callback (which flushes its reassembler).</summary>
    public void Finish(long lastFrame, long lastTimestampNs = 0)
    {
        var end = new FrameTime(lastFrame, lastTimestampNs);
        if (_retiring)
        {
            _captureEnd = end;
            Tcp.RetireAll();
            return;
        }
        foreach (var c in Tcp.Live) c.Reassembler?.Finish(end);
    }
}
