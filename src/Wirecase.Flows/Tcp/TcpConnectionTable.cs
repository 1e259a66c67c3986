using Wirecase.Packets;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// Every TCP connection of a capture, found by its 4-tuple and numbered in order of appearance like Wireshark's
/// tcp.stream. A SYN whose initial sequence number differs from the one the 4-tuple's connection started with opens a
/// new connection (Wireshark's "reused ports"); the earlier one stays reachable through <see cref="TcpConnection.Previous"/>.
/// Feed segments in capture order with <see cref="Process"/>.
/// With a <see cref="TcpRetirementPolicy"/> the table lets go of finished and idle connections (handing each to a
/// callback) so that its memory follows the connections in progress, not the length of the capture.
/// </summary>
public sealed class TcpConnectionTable
{
    private readonly ConnectionIndex _current = new();
    private readonly ConnectionsByStream _all = new();   // index = stream; null once retired
    private readonly TcpSequenceAnalyzer _analyzer = new();
    private readonly TcpConnectionRetirement? _retirement;

    public TcpConnectionTable() { }

    /// <param name="policy">When to let go of connections.</param>
    /// <param name="retired">Called with each connection let go of, after its last packet; a connection that a late
    /// packet resumes comes again later (same stream, counters since the resumption). The object is reused for another
    /// connection once the callback returns: keep values, not the object.</param>
    public TcpConnectionTable(TcpRetirementPolicy policy, Action<TcpConnection> retired) =>
        _retirement = new TcpConnectionRetirement(policy, retired, _current, _all);

    /// <summary>All connections in stream order (index = tcp.stream). Not available when connections are retired
    /// (they went to the retirement callback): use <see cref="Live"/> then.</summary>
    public IReadOnlyList<TcpConnection> Connections => _retirement is null
        ? (IReadOnlyList<TcpConnection>)_all!
        : throw new InvalidOperationException("connections are retired as they finish: they went to the retirement callback");

    /// <summary>The connections held now, in stream order (all of them without retirement).</summary>
    public IEnumerable<TcpConnection> Live
    {
        get
        {
            foreach (var c in _all)
                if (c is not null) yield return c;
        }
    }

    /// <summary>Connections held now (found by their 4-tuple).</summary>
    public int HeldCount => _current.Count;

    /// <summary>Streams numbered so far.</summary>
    public int StreamCount => _all.Count;

    /// <summary>Connections handed to the retirement callback so far, and how many of them late packets resumed.</summary>
    public long RetiredCount => _retirement?.Retired ?? 0;
    public long ResumedCount => _retirement?.Resumed ?? 0;

    /// <summary>With retirement: why the records of retired connections went to memory instead of a temporary file
    /// (full or unusable temporary directory), or null.</summary>
    public string? SpillProblem => _retirement?.SpillProblem;

    /// <summary>Analyses one TCP segment. <paramref name="packet"/> must be a decoded TCP packet.</summary>
    public TcpConnection Process(long frame, long timestampNs, in DecodedPacket packet, out TcpSegmentAnalysis analysis)
    {
        var key = KeyOf(packet);
        return Process(frame, timestampNs, packet, key, ConnectionIndex.HashOf(key), out analysis);
    }

    /// <summary>The hash a segment's connection is found by: computed ahead (by a decoding thread, say) it lets the
    /// caller <see cref="Prefetch"/> a few segments ahead and saves the work here. For a SYN without ACK (a new
    /// connection, looked up among the let-go-of 4-tuples too) <paramref name="synRememberedHash"/> is the hash for
    /// <see cref="PrefetchRemembered"/>, else 0. The 4-tuple's key is made once for both.</summary>
    public static int KeyHashes(in DecodedPacket packet, out ulong synRememberedHash)
    {
        var key = KeyOf(packet);
        synRememberedHash = (packet.TcpFlags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn ? key.Hash64() : 0;
        return ConnectionIndex.HashOf(key);
    }

    private static FlowKey KeyOf(in DecodedPacket packet) =>
        FlowKey.For(packet.Source, packet.SourcePort, packet.Destination, packet.DestinationPort, 6, out _);

    /// <summary>Asks the processor to fetch where a coming segment's connection is looked up (on captures with many
    /// connections that lookup is otherwise a wait for memory).</summary>
    public void Prefetch(int keyHash) => _current.Prefetch(keyHash);

    /// <summary>With retirement: asks the processor to fetch where a coming SYN's 4-tuple is looked up among the
    /// connections let go of (a new connection's lookup, on captures with many connections a wait for memory).</summary>
    public void PrefetchRemembered(ulong rememberedHash) => _retirement?.PrefetchRemembered(rememberedHash);

    /// <param name="keyHash"><see cref="KeyHashes"/> of the segment.</param>
    public TcpConnection Process(long frame, long timestampNs, in DecodedPacket packet, int keyHash, out TcpSegmentAnalysis analysis) =>
        Process(frame, timestampNs, packet, KeyOf(packet), keyHash, out analysis);

    private TcpConnection Process(long frame, long timestampNs, in DecodedPacket packet, in FlowKey key, int keyHash,
        out TcpSegmentAnalysis analysis)
    {
        analysis = default;
        _retirement?.BeforeSegment(timestampNs);
        var flags = packet.TcpFlags;
        bool pureSyn = (flags & (TcpFlags.Syn | TcpFlags.Ack)) == TcpFlags.Syn;
        if (!_current.TryGetValue(key, keyHash, out var connection))
        {
            if (_retirement is not null && _retirement.TryTakeRemembered(key, out var remembered))
            {
                if (pureSyn && remembered.TryGetBaseSeq(key, packet.Source, packet.SourcePort, out uint isn) && isn != packet.Sequence.Value)
                {
                    connection = Open(key, keyHash, frame, timestampNs, packet);
                    connection.ReusedPorts = true;
                    analysis.Flags |= TcpAnalysisFlags.ReusedPorts;
                    if (!remembered.Closed) analysis.Flags |= TcpAnalysisFlags.SynOnOpenConnection;
                }
                else if (_retirement.TryReadRemembered(key, remembered, out var retired))
                {
                    connection = retired.OriginatorIsA
                        ? NewConnection(retired.Stream, key, key.AddressA, key.PortA, key.AddressB, key.PortB, frame, timestampNs)
                        : NewConnection(retired.Stream, key, key.AddressB, key.PortB, key.AddressA, key.PortA, frame, timestampNs);
                    retired.SeedInto(connection);
                    _all[connection.Stream] = connection;
                    _current.Set(key, keyHash, connection);
                    _retirement.NoteResumed();
                }
                else connection = Open(key, keyHash, frame, timestampNs, packet);
            }
            else connection = Open(key, keyHash, frame, timestampNs, packet);
        }
        else if (pureSyn)
        {
            bool fromOriginator = connection.OriginatorAddress == packet.Source && connection.OriginatorPort == packet.SourcePort;
            var sender = connection.Direction(fromOriginator);
            if (sender.BaseSeqSet && sender.BaseSeq != packet.Sequence.Value)
            {
                var previous = connection;
                connection = Open(key, keyHash, frame, timestampNs, packet);
                connection.ReusedPorts = true;
                analysis.Flags |= TcpAnalysisFlags.ReusedPorts;
                if (!previous.Closed) analysis.Flags |= TcpAnalysisFlags.SynOnOpenConnection;
                if (_retirement is null) connection.Previous = previous;
                else _retirement.RetireReplaced(previous);
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
        _retirement?.AfterSegment(connection);
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
        if (_retirement is not null && _retirement.Remembers(key)) return null;
        var c = NewConnection(_all.Count, key, q.Source, q.SourcePort, q.Destination, q.DestinationPort, frame, timestampNs);
        c.MidStream = true;
        c.OnlyInIcmpQuote = true;
        _all.Add(c);
        _current.Set(key, c);
        return c;
    }

    /// <summary>The current connection on a 4-tuple (either direction), or null.</summary>
    public TcpConnection? Find(in IpAddressValue a, ushort portA, in IpAddressValue b, ushort portB) =>
        _current.TryGetValue(FlowKey.For(a, portA, b, portB, 6, out _), out var c) ? c : null;

    /// <summary>The connection with Wireshark's stream number <paramref name="stream"/>, or null (also when retired).</summary>
    public TcpConnection? ByStream(int stream) => (uint)stream < (uint)_all.Count ? _all[stream] : null;

    /// <summary>End of capture with retirement: hands every connection still held to the callback, in stream order.</summary>
    public void RetireAll() => _retirement?.RetireAll();

    /// <summary>A new connection object, or one let go of earlier made new again.</summary>
    private TcpConnection NewConnection(int stream, FlowKey key, in IpAddressValue originatorAddress, ushort originatorPort,
        in IpAddressValue responderAddress, ushort responderPort, long frame, long timestampNs)
    {
        if (_retirement?.TakeSpare() is not { } spare)
            return new TcpConnection(stream, key, originatorAddress, originatorPort, responderAddress, responderPort, frame, timestampNs);
        spare.Reuse(stream, key, originatorAddress, originatorPort, responderAddress, responderPort, frame, timestampNs);
        return spare;
    }

    private TcpConnection Open(in FlowKey key, int keyHash, long frame, long timestampNs, in DecodedPacket p)
    {
        // The originator sends the SYN; a SYN-ACK seen first means the destination originated.
        bool synAck = (p.TcpFlags & (TcpFlags.Syn | TcpFlags.Ack)) == (TcpFlags.Syn | TcpFlags.Ack);
        var c = synAck
            ? NewConnection(_all.Count, key, p.Destination, p.DestinationPort, p.Source, p.SourcePort, frame, timestampNs)
            : NewConnection(_all.Count, key, p.Source, p.SourcePort, p.Destination, p.DestinationPort, frame, timestampNs);
        c.MidStream = (p.TcpFlags & TcpFlags.Syn) == 0;
        c.RolesFromSynAck = synAck;
        c.FirstPacketFromOriginator = !synAck;
        _all.Add(c);
        _current.Set(key, keyHash, c);
        return c;
    }
}
