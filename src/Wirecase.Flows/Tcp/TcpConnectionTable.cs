using Wirecase.Packets;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// Every TCP connection of a capture, found by its 4-tuple and numbered in order of appearance like Wireshark's
/// tcp.stream. A SYN whose initial sequence number differs from the one the 4-tuple's connection started with opens a
/// new connection (Wireshark's "reused ports"); the earlier one stays reachable through <see cref="TcpConnection.Previous"/>.
/// Feed segments in capture order with <see cref="Process"/>.
/// </summary>
public sealed class TcpConnectionTable
{
    private readonly Dictionary<FlowKey, TcpConnection> _current = [];
    private readonly List<TcpConnection> _all = [];
    private readonly TcpSequenceAnalyzer _analyzer = new();

    /// <summary>All connections in stream order (index = tcp.stream).</summary>
    public IReadOnlyList<TcpConnection> Connections => _all;

    /// <summary>Analyses one TCP segment. <paramref name="packet"/> must be a decoded TCP packet.</summary>
    public TcpConnection Process(long frame, long timestampNs, in DecodedPacket packet, out TcpSegmentAnalysis analysis)
    {
        analysis = default;
        var key = FlowKey.For(packet.Source, packet.SourcePort, packet.Destination, packet.DestinationPort, 6, out _);
        var flags = packet.TcpFlags;
        bool pureSyn = (flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
        if (!_current.TryGetValue(key, out var connection))
        {
            connection = Open(key, frame, timestampNs, packet);
        }
        else if (pureSyn)
        {
            bool fromOriginator = connection.OriginatorAddress == packet.Source && connection.OriginatorPort == packet.SourcePort;
            var sender = connection.Direction(fromOriginator);
            if (sender.BaseSeqSet && sender.BaseSeq != packet.Sequence.Value)
            {
                var previous = connection;
                connection = Open(key, frame, timestampNs, packet);
                connection.ReusedPorts = true;
                connection.Previous = previous;
                analysis.Flags |= TcpAnalysisFlags.ReusedPorts;
                if (!IsClosed(previous)) analysis.Flags |= TcpAnalysisFlags.SynOnOpenConnection;
            }
        }
        else if ((flags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack))
        {
            // A SYN-ACK with another initial sequence number on the same connection: Wireshark flags it as reused
            // ports too (same stream) and takes the new number as the responder's base.
            bool fromOriginator = connection.OriginatorAddress == packet.Source && connection.OriginatorPort == packet.SourcePort;
            var sender = connection.Direction(fromOriginator);
            if (sender.BaseSeqSet && sender.BaseSeq != packet.Sequence.Value)
            {
                analysis.Flags |= TcpAnalysisFlags.ReusedPorts;
                sender.BaseSeq = packet.Sequence.Value;
            }
        }
        _analyzer.Analyze(connection, frame, timestampNs, packet, ref analysis);
        return connection;
    }

    /// <summary>
    /// Registers the TCP 4-tuple quoted inside an ICMP error. Wireshark numbers a stream for a quoted connection it has
    /// not seen, so doing the same keeps tcp.stream numbers equal to Wireshark's; the connection is marked as known
    /// only from ICMP.
    /// </summary>
    public TcpConnection? NoteQuoted(in DecodedPacket icmpError, long frame, long timestampNs)
    {
        ref readonly var q = ref icmpError.Quoted;
        if (q.Protocol != 6 || !q.HasPorts) return null;
        var key = FlowKey.For(q.Source, q.SourcePort, q.Destination, q.DestinationPort, 6, out _);
        if (_current.TryGetValue(key, out var existing)) return existing;
        var c = new TcpConnection(_all.Count, key, q.Source, q.SourcePort, q.Destination, q.DestinationPort, frame, timestampNs)
        {
            MidStream = true,
            OnlyInIcmpQuote = true,
        };
        _all.Add(c);
        _current[key] = c;
        return c;
    }

    /// <summary>The current connection on a 4-tuple (either direction), or null.</summary>
    public TcpConnection? Find(in IpAddressValue a, ushort portA, in IpAddressValue b, ushort portB) =>
        _current.TryGetValue(FlowKey.For(a, portA, b, portB, 6, out _), out var c) ? c : null;

    /// <summary>The connection with Wireshark's stream number <paramref name="stream"/>, or null.</summary>
    public TcpConnection? ByStream(int stream) => (uint)stream < (uint)_all.Count ? _all[stream] : null;

    private static bool IsClosed(TcpConnection c) =>
        c.Originator.SawRst || c.Responder.SawRst || c.Originator.SawFin && c.Responder.SawFin;

    private TcpConnection Open(FlowKey key, long frame, long timestampNs, in DecodedPacket p)
    {
        // The originator sends the SYN; a SYN-ACK seen first means the destination originated.
        bool synAck = (p.TcpFlags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack);
        var c = synAck
            ? new TcpConnection(_all.Count, key, p.Destination, p.DestinationPort, p.Source, p.SourcePort, frame, timestampNs)
            : new TcpConnection(_all.Count, key, p.Source, p.SourcePort, p.Destination, p.DestinationPort, frame, timestampNs);
        c.MidStream = (p.TcpFlags & TcpFlags.Syn) == 0;
        c.RolesFromSynAck = synAck;
        c.FirstPacketFromOriginator = !synAck;
        _all.Add(c);
        _current[key] = c;
        return c;
    }
}
