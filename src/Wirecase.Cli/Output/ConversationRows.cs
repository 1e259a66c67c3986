using Wirecase.Flows;
using Wirecase.Flows.Conversations;
using Wirecase.Flows.Tcp;
using Wirecase.Packets;

namespace Wirecase.Cli.Output;

/// <summary>
/// One row of `wirecase conv`: Wireshark's conversation columns plus, for TCP, the engine's connection. A small
/// struct that points at what the flow stage already holds, so a table of millions of rows costs little; text is
/// produced only while writing.
/// </summary>
internal readonly struct ConversationRow
{
    /// <summary>The capture file's name when several were given, else null.</summary>
    public string? File { get; init; }
    public IpAddressValue AddressA { get; init; }
    public ushort PortA { get; init; }
    public IpAddressValue AddressB { get; init; }
    public ushort PortB { get; init; }
    public long FramesAToB { get; init; }
    public long BytesAToB { get; init; }
    public long FramesBToA { get; init; }
    public long BytesBToA { get; init; }
    public long Frames => FramesAToB + FramesBToA;
    public long Bytes => BytesAToB + BytesBToA;
    /// <summary>Nanoseconds from the first frame of the capture.</summary>
    public long RelativeStartNs { get; init; }
    public long DurationNs { get; init; }
    /// <summary>Seconds from the first frame of the capture.</summary>
    public double RelativeStart => RelativeStartNs / 1e9;
    public double Duration => DurationNs / 1e9;
    public double BitsPerSecondAToB => Duration > 0 ? BytesAToB * 8 / Duration : 0;
    public double BitsPerSecondBToA => Duration > 0 ? BytesBToA * 8 / Duration : 0;
    /// <summary>The TCP connection behind a TCP row (null for UDP and IP rows).</summary>
    public TcpConnection? Tcp { get; init; }
}

/// <summary>What the TCP engine knows about a connection, seen from the row's A and B sides.</summary>
internal readonly ref struct TcpFacts
{
    private readonly TcpConnection _c;
    private readonly TcpDirection _a, _b;

    public TcpFacts(TcpConnection c)
    {
        _c = c;
        AIsOriginator = c.FirstPacketFromOriginator;
        _a = c.Direction(AIsOriginator);
        _b = c.Direction(!AIsOriginator);
    }

    public bool AIsOriginator { get; }
    public int Stream => _c.Stream;
    public string State => _c.State;
    public ReadOnlySpan<char> History => _c.HistorySpan;
    public string Handshake => _c.Handshake switch
    {
        HandshakeResult.NotSeen => "NotSeen",
        HandshakeResult.Unanswered => "Unanswered",
        HandshakeResult.Refused => "Refused",
        HandshakeResult.SynAckSeen => "SynAckSeen",
        _ => "Completed",
    };
    public long RetransmissionsAToB => _a.Retransmissions;
    public long RetransmissionsBToA => _b.Retransmissions;
    public double? InitialRtt => _c.InitialRttNs > 0 ? _c.InitialRttNs / 1e9 : null;
    public double? RttAToB => Rtt(_a);
    public double? RttBToA => Rtt(_b);
    public long GapBytesAToB => _c.Reassembler?.GapBytes(AIsOriginator) ?? 0;
    public long GapBytesBToA => _c.Reassembler?.GapBytes(!AIsOriginator) ?? 0;
    public long ConflictBytes => (_c.Reassembler?.ConflictBytes(true) ?? 0) + (_c.Reassembler?.ConflictBytes(false) ?? 0);
    public uint MaxBytesInFlightAToB => _a.MaxBytesInFlight;
    public uint MaxBytesInFlightBToA => _b.MaxBytesInFlight;
    public double ZeroWindowSeconds => (_c.Originator.ZeroWindowTimeNs + _c.Responder.ZeroWindowTimeNs) / 1e9;
    public bool MidStream => _c.MidStream;
    public bool ReusedPorts => _c.ReusedPorts;

    /// <summary>How the connection ended, in words: FIN each way, RST by whom, or still open at the end of the capture.</summary>
    public string Ended
    {
        get
        {
            var o = _c.Originator;
            var r = _c.Responder;
            if (o.SawRst && r.SawRst) return "reset by both";
            if (o.SawRst) return "reset by originator";
            if (r.SawRst) return "reset by responder";
            if (o.SawFin && r.SawFin) return "closed (FIN both ways)";
            if (o.SawFin) return "half-closed by originator";
            if (r.SawFin) return "half-closed by responder";
            return "open at end of capture";
        }
    }

    private static double? Rtt(TcpDirection d) => d.RttSamples > 0 ? d.RttSumNs / 1e9 / d.RttSamples : null;
}

internal static class ConversationRows
{
    public static List<ConversationRow> Build(string kind, IReadOnlyList<FlowTracker> trackers, IReadOnlyList<string> files, long firstNs)
    {
        int total = 0;
        foreach (var t in trackers)
            total += kind == "tcp" ? t.Tcp.Connections.Count : kind == "udp" ? t.Conversations.Udp.Count : t.Conversations.Ip.Count;
        var rows = new List<ConversationRow>(total);
        for (int i = 0; i < trackers.Count; i++)
        {
            string? file = trackers.Count > 1 ? Path.GetFileName(files[i]) : null;
            var t = trackers[i];
            if (kind == "tcp")
            {
                foreach (var c in t.Tcp.Connections)
                    if (!c.OnlyInIcmpQuote) rows.Add(FromTcp(c, file, firstNs));
            }
            else
            {
                foreach (var c in kind == "udp" ? t.Conversations.Udp : t.Conversations.Ip)
                    rows.Add(FromConversation(c, file, firstNs));
            }
        }
        return rows;
    }

    private static ConversationRow FromConversation(Conversation c, string? file, long firstNs) => new()
    {
        File = file, AddressA = c.AddressA, PortA = c.PortA, AddressB = c.AddressB, PortB = c.PortB,
        FramesAToB = c.FramesAToB, BytesAToB = c.BytesAToB, FramesBToA = c.FramesBToA, BytesBToA = c.BytesBToA,
        RelativeStartNs = c.StartNs - firstNs, DurationNs = c.EndNs - c.StartNs,
    };

    private static ConversationRow FromTcp(TcpConnection c, string? file, long firstNs)
    {
        bool aIsOrig = c.FirstPacketFromOriginator;
        var a = c.Direction(aIsOrig);
        var b = c.Direction(!aIsOrig);
        return new ConversationRow
        {
            File = file,
            AddressA = aIsOrig ? c.OriginatorAddress : c.ResponderAddress,
            PortA = aIsOrig ? c.OriginatorPort : c.ResponderPort,
            AddressB = aIsOrig ? c.ResponderAddress : c.OriginatorAddress,
            PortB = aIsOrig ? c.ResponderPort : c.OriginatorPort,
            FramesAToB = a.Packets, BytesAToB = a.Bytes, FramesBToA = b.Packets, BytesBToA = b.Bytes,
            RelativeStartNs = c.StartNs - firstNs, DurationNs = c.EndNs - c.StartNs, Tcp = c,
        };
    }

    /// <summary>Orders the rows by <paramref name="key"/> (largest first, except start and stream); ties keep their
    /// order (the order the conversations appeared in).</summary>
    public static List<ConversationRow> Sort(List<ConversationRow> rows, string key)
    {
        Func<ConversationRow, long> value = key switch
        {
            "bytes" => r => -r.Bytes,
            "start" => r => r.RelativeStartNs,
            "duration" => r => -r.DurationNs,
            "stream" => r => r.Tcp?.Stream ?? 0,
            "retransmissions" => r => -((r.Tcp?.Originator.Retransmissions ?? 0) + (r.Tcp?.Responder.Retransmissions ?? 0)),
            _ => r => -r.Frames,
        };
        var keys = new SortKey[rows.Count];
        for (int i = 0; i < keys.Length; i++) keys[i] = new SortKey(value(rows[i]), i);
        Array.Sort(keys);
        var sorted = new List<ConversationRow>(rows.Count);
        foreach (var k in keys) sorted.Add(rows[k.Index]);
        return sorted;
    }

    /// <summary>A row's sort value with its position as the tie-break, so equal values keep their order.</summary>
    private readonly record struct SortKey(long Value, int Index) : IComparable<SortKey>
    {
        public int CompareTo(SortKey other) => Value != other.Value ? Value.CompareTo(other.Value) : Index.CompareTo(other.Index);
    }
}
