using Wirecase.Flows;
using Wirecase.Flows.Reassembly;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Protocols.Dns;
using Wirecase.Protocols.Http;
using Wirecase.Protocols.Icmp;
using Wirecase.Protocols.Lpd;
using Wirecase.Protocols.Smtp;
using Wirecase.Protocols.Tls;

namespace Wirecase.Protocols;

/// <summary>
/// The application stage for one capture file: gives each TCP connection a router that picks its analyzer, feeds
/// UDP DNS and ICMP packets to their trackers, and collects what every analyzer found. Use <see cref="SinkFor"/> as
/// a <see cref="FlowTracker"/>'s sink factory and call <see cref="Packet"/> for every frame the tracker processed.
/// </summary>
public sealed class ApplicationLayer(IFrameSummaries? summaries = null, bool keepSessions = true)
{
    // Analyzers of connections still open; a closed connection's analyzer is finished and let go.
    private readonly List<IStreamAnalyzer?> _open = [];
    private readonly Stack<int> _freeSlots = new();

    public List<SmtpSession> Smtp { get; } = [];
    public List<TlsSession> Tls { get; } = [];
    public List<HttpSession> Http { get; } = [];
    public List<LpdSession> Lpd { get; } = [];
    public DnsTracker Dns { get; } = new() { Summaries = summaries };
    public IcmpTracker Icmp { get; } = new();

    /// <summary>For <see cref="FlowTracker"/>: every TCP connection gets a router that decides its protocol.</summary>
    public IStreamSink SinkFor(TcpConnection connection) => new StreamRouter(this, connection);

    /// <summary>Reassembly of streams no analyzer follows stops early (when only frame summaries are wanted): their
    /// delivered-byte and gap counts then stop too.</summary>
    public bool DetachUnfollowed { get; init; } = !keepSessions;

    /// <summary>A frame the flow stage has processed: UDP DNS and ICMP are handled here.</summary>
    public void Packet(in DecodedPacket p, long frame, long timestampNs, ReadOnlySpan<byte> payload, TcpConnectionTable tcp)
    {
        if (p.IsUdp && p.TransportHeaderComplete && (IsDnsPort(p.SourcePort) || IsDnsPort(p.DestinationPort)))
        {
            Dns.Message(payload, new FrameTime(frame, timestampNs), p.Source, p.SourcePort, p.Destination, p.DestinationPort, overTcp: false);
            return;
        }
        if ((p.Layers & (PacketLayers.Icmp | PacketLayers.Icmpv6)) != 0) Icmp.Packet(p, new FrameTime(frame, timestampNs), tcp);
    }

    /// <summary>DNS, multicast DNS (RFC 6762) and LLMNR (RFC 4795) share the message format.</summary>
    private static bool IsDnsPort(ushort port) => port is 53 or 5353 or 5355;

    /// <summary>End of the capture: what is still waiting for an answer is recorded as such.</summary>
    public void Finish(FrameTime end)
    {
        foreach (var a in _open) a?.Finish(end);
        _open.Clear();
        _freeSlots.Clear();
    }

    /// <param name="slot">Where the analyzer is kept while its connection is open: give it back to <see cref="Closed"/>
    /// (a store, not a search or a hash of the object).</param>
    internal IStreamAnalyzer CreateAnalyzer(ProtocolKind kind, TcpConnection c, bool clientIsOriginator, out int slot)
    {
        IStreamAnalyzer analyzer = kind switch
        {
            ProtocolKind.Smtp => new SmtpAnalyzer(Add(Smtp, new SmtpSession(c) { ClientIsOriginator = clientIsOriginator }), clientIsOriginator, summaries, t => Add(Tls, t)),
            ProtocolKind.Tls => new TlsAnalyzer(Add(Tls, new TlsSession(c) { ClientIsOriginator = clientIsOriginator }), clientIsOriginator, summaries),
            ProtocolKind.Http => new HttpAnalyzer(Add(Http, new HttpSession(c) { ClientIsOriginator = clientIsOriginator }), clientIsOriginator, summaries),
            ProtocolKind.Lpd => new LpdAnalyzer(Add(Lpd, new LpdSession(c) { ClientIsOriginator = clientIsOriginator }), clientIsOriginator, summaries),
            _ => new DnsStreamAnalyzer(c, clientIsOriginator, Dns),
        };
        slot = _freeSlots.Count > 0 ? _freeSlots.Pop() : _open.Count;
        if (slot == _open.Count) _open.Add(analyzer);
        else _open[slot] = analyzer;
        return analyzer;
    }

    /// <summary>The connection ended both ways (or was reset): its analyzer records what is still unanswered and is
    /// let go, so memory follows the connections that are open.</summary>
    internal void Closed(int slot, FrameTime at)
    {
        if (_open[slot] is not { } analyzer) return;
        _open[slot] = null;
        _freeSlots.Push(slot);
        analyzer.Finish(at);
    }

    /// <summary>Sessions are kept for the report unless the caller only wants frame summaries (`packets`).</summary>
    private T Add<T>(List<T> list, T item)
    {
        if (keepSessions) list.Add(item);
        return item;
    }
}
