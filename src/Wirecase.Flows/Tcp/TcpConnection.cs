using Wirecase.Packets;

namespace Wirecase.Flows.Tcp;

/// <summary>How the handshake went.</summary>
public enum HandshakeResult : byte
{
    /// <summary>No SYN seen: the capture started after the connection opened.</summary>
    NotSeen,
    /// <summary>SYN sent, nothing came back.</summary>
    Unanswered,
    /// <summary>SYN answered by RST.</summary>
    Refused,
    /// <summary>SYN and SYN-ACK seen, the final ACK not (yet).</summary>
    SynAckSeen,
    Completed,
}

/// <summary>
/// One TCP connection: both directions' state, the handshake, counters and the Zeek-style state and history.
/// Directions are named after roles: the originator sent the first SYN (or, for a connection seen mid-stream, the
/// first packet), the responder is the other side.
/// </summary>
public sealed class TcpConnection
{
    internal const int MaxHistoryLength = 64;
    // Kept small: a capture can hold millions of connections. The history string changes only a few times.
    private char[]? _history;
    private int _historyLength;
    private int[]? _repeatCounts;
    // Per direction, the letters recorded once (not the repeatable ones) that the history already holds: bit
    // (letter - 'a') for the responder, 26 more for the originator. Most segments bring a letter already there.
    private ulong _historyHas;

    internal TcpConnection(int stream, FlowKey key, IpAddressValue originatorAddress, ushort originatorPort,
        IpAddressValue responderAddress, ushort responderPort, long firstFrame, long firstTimeNs) =>
        Initialize(stream, key, originatorAddress, originatorPort, responderAddress, responderPort, firstFrame, firstTimeNs);

    /// <summary>Makes a connection let go of by the table (<see cref="TcpRetirementPolicy"/>) a new one, as if just
    /// constructed: every field is set again (a test checks it against a new object), arrays are kept for reuse.</summary>
    internal void Reuse(int stream, FlowKey key, IpAddressValue originatorAddress, ushort originatorPort,
        IpAddressValue responderAddress, ushort responderPort, long firstFrame, long firstTimeNs)
    {
        Originator.Reset();
        Responder.Reset();
        FirstPacketFromOriginator = true;
        MidStream = OnlyInIcmpQuote = RolesFromSynAck = Resumed = ReusedPorts = false;
        SynFrame = SynAckFrame = HandshakeAckFrame = 0;
        SynCount = SynWithPayload = SynAnsweredByAck = HandshakeAckMismatch = LargerThanMss = 0;
        MostRecentSynNs = InitialRttNs = 0;
        Handshake = HandshakeResult.NotSeen;
        Previous = null;
        Reassembler = null;
        ReassemblyDeclined = false;
        ClosingNoted = false;
        _historyLength = 0;
        _historyHas = 0;
        if (_repeatCounts is not null) Array.Clear(_repeatCounts);
        Initialize(stream, key, originatorAddress, originatorPort, responderAddress, responderPort, firstFrame, firstTimeNs);
    }

    /// <summary>Prefetches this object (see <see cref="CachePrefetch"/>); <see cref="PrefetchParts"/> a while later
    /// prefetches the objects it points to, whose addresses this one holds.</summary>
    internal void Prefetch() => CachePrefetch.Object(this, 5);

    internal void PrefetchParts()
    {
        CachePrefetch.Object(Originator, 4);
        CachePrefetch.Object(Responder, 4);
        CachePrefetch.Object(Reassembler, 3);
        CachePrefetch.Object(_history, 3);
        CachePrefetch.Object(_repeatCounts, 1);
    }

    private void Initialize(int stream, FlowKey key, IpAddressValue originatorAddress, ushort originatorPort,
        IpAddressValue responderAddress, ushort responderPort, long firstFrame, long firstTimeNs)
    {
        Stream = stream;
        Key = key;
        OriginatorAddress = originatorAddress;
        OriginatorPort = originatorPort;
        ResponderAddress = responderAddress;
        ResponderPort = responderPort;
        FirstFrame = firstFrame;
        LastFrame = firstFrame;
        StartNs = firstTimeNs;
        EndNs = firstTimeNs;
    }

    public int Stream { get; private set; }
    public FlowKey Key { get; private set; }
    public IpAddressValue OriginatorAddress { get; private set; }
    public ushort OriginatorPort { get; private set; }
    public IpAddressValue ResponderAddress { get; private set; }
    public ushort ResponderPort { get; private set; }
    public TcpDirection Originator { get; } = new();
    public TcpDirection Responder { get; } = new();
    public long FirstFrame { get; private set; }
    public long LastFrame { get; internal set; }
    public long StartNs { get; private set; }
    public long EndNs { get; internal set; }
    public double DurationSeconds => (EndNs - StartNs) / 1e9;

    /// <summary>True when the first captured packet came from the originator (Wireshark's conversation endpoint A).</summary>
    public bool FirstPacketFromOriginator { get; internal set; } = true;
    /// <summary>The capture began after the connection opened (its first packet was not a SYN).</summary>
    public bool MidStream { get; internal set; }
    /// <summary>Known only from the datagram an ICMP error quoted (no segment of it captured so far).</summary>
    public bool OnlyInIcmpQuote { get; internal set; }
    /// <summary>The roles were guessed from a SYN-ACK seen before any SYN.</summary>
    public bool RolesFromSynAck { get; internal set; }
    public long SynFrame { get; internal set; }
    public long SynAckFrame { get; internal set; }
    public long HandshakeAckFrame { get; internal set; }
    public int SynCount { get; internal set; }
    internal long MostRecentSynNs;
    public long InitialRttNs { get; internal set; }
    public HandshakeResult Handshake { get; internal set; }
    /// <summary>This connection began with a SYN on a 4-tuple used by an earlier connection (Wireshark: reused ports).</summary>
    public bool ReusedPorts { get; internal set; }
    /// <summary>The connection table had retired this stream for idleness (see <see cref="TcpRetirementPolicy"/>) and a
    /// late packet resumed it: its counters cover the packets since; its stream, roles, handshake and history carry on.</summary>
    public bool Resumed { get; internal set; }
    /// <summary>The earlier connection on the same 4-tuple, if any (null when it was retired).</summary>
    public TcpConnection? Previous { get; internal set; }
    /// <summary>Frames with analysis facts beyond Wireshark's flags (Cases A–D), counted.</summary>
    public int SynWithPayload { get; internal set; }
    public int SynAnsweredByAck { get; internal set; }
    public int HandshakeAckMismatch { get; internal set; }
    public int LargerThanMss { get; internal set; }

    /// <summary>The reassembler of this connection's payload, when one was asked for.</summary>
    public Reassembly.TcpStreamReassembler? Reassembler { get; internal set; }
    internal bool ReassemblyDeclined;
    /// <summary>The table's retirement has seen this connection close (it lingers, then is let go of).</summary>
    internal bool ClosingNoted;

    public TcpDirection Direction(bool fromOriginator) => fromOriginator ? Originator : Responder;

    public bool SeenBothWays => Originator.Packets > 0 && Responder.Packets > 0;

    /// <summary>Over: a RST either way, or a FIN each way.</summary>
    public bool Closed => Originator.SawRst || Responder.SawRst || Originator.SawFin && Responder.SawFin;

    /// <summary>Zeek's history: originator letters upper case, responder lower case (s h a d f r t w g c).</summary>
    public string History => new(HistorySpan);

    /// <summary><see cref="History"/> without allocating a string.</summary>
    public ReadOnlySpan<char> HistorySpan => _history is null ? default : new ReadOnlySpan<char>(_history, 0, _historyLength);

    /// <summary>Zeek's connection state (S0, S1, SF, REJ, S2, S3, RSTO, RSTR, RSTOS0, RSTRH, SH, SHR, OTH).</summary>
    public string State => ZeekState.Of(this);

    /// <summary>Records a history letter once per direction (t, w, g, c: again at 10, 100, … occurrences).</summary>
    internal void AddHistory(char letter, bool fromOriginator)
    {
        ulong has = HistoryBit(letter, fromOriginator);
        if ((_historyHas & has) != 0) return;
        char c = fromOriginator ? char.ToUpperInvariant(letter) : letter;
        int repeatIndex = RepeatIndex(letter);
        if (repeatIndex >= 0)
        {
            int slot = repeatIndex * 2 + (fromOriginator ? 0 : 1);
            _repeatCounts ??= new int[8];
            int n = ++_repeatCounts[slot];
            if (n != 1 && n != 10 && n != 100 && n != 1000 && n != 10000) return;
        }
        if (_historyLength >= MaxHistoryLength) return;
        if (repeatIndex < 0) _historyHas |= has;
        _history ??= new char[8];
        if (_historyLength == _history.Length) Array.Resize(ref _history, Math.Min(MaxHistoryLength, _history.Length * 2));
        _history[_historyLength++] = c;
    }

    /// <summary>Starts the history of a resumed connection from the retired one's. A repeatable letter written k times
    /// stood for at least 10^(k-1) occurrences: counting goes on from there.</summary>
    internal void SeedHistory(ReadOnlySpan<char> history)
    {
        if (history.IsEmpty) return;
        _history = history.ToArray();
        _historyLength = _history.Length;
        foreach (char c in history)
        {
            int repeatIndex = RepeatIndex(char.ToLowerInvariant(c));
            if (repeatIndex < 0)
            {
                _historyHas |= HistoryBit(char.ToLowerInvariant(c), char.IsUpper(c));
                continue;
            }
            _repeatCounts ??= new int[8];
            ref int n = ref _repeatCounts[repeatIndex * 2 + (char.IsUpper(c) ? 0 : 1)];
            n = n == 0 ? 1 : n * 10;
        }
    }

    /// <summary>The bit of <see cref="_historyHas"/> for a lower-case letter from one side (0 for anything else).</summary>
    private static ulong HistoryBit(char lowerCaseLetter, bool fromOriginator) =>
        lowerCaseLetter is >= 'a' and <= 'z' ? 1UL << (lowerCaseLetter - 'a' + (fromOriginator ? 26 : 0)) : 0;

    /// <summary>Which of Zeek's repeatable letters (t, w, g, c: retransmission, zero window, gap, checksum) this is, or -1.</summary>
    private static int RepeatIndex(char lowerCaseLetter) => lowerCaseLetter switch
    {
        't' => 0,
        'w' => 1,
        'g' => 2,
        'c' => 3,
        _ => -1,
    };

    public override string ToString() =>
        $"tcp.stream {Stream}: {OriginatorAddress}:{OriginatorPort} → {ResponderAddress}:{ResponderPort} {State} {History}";
}
