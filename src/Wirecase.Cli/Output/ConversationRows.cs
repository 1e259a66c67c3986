using Wirecase.Flows;
using Wirecase.Flows.Tcp;

namespace Wirecase.Cli.Output;

/// <summary>One row of `wirecase conv`: Wireshark's conversation columns plus Wirecase's TCP facts.</summary>
internal sealed record ConversationRow
{
    public string? File { get; init; }
    public required string AddressA { get; init; }
    public ushort PortA { get; init; }
    public required string AddressB { get; init; }
    public ushort PortB { get; init; }
    public long FramesAToB { get; init; }
    public long BytesAToB { get; init; }
    public long FramesBToA { get; init; }
    public long BytesBToA { get; init; }
    public long Frames => FramesAToB + FramesBToA;
    public long Bytes => BytesAToB + BytesBToA;
    /// <summary>Seconds from the first frame of the capture.</summary>
    public double RelativeStart { get; init; }
    public double Duration { get; init; }
    public double BitsPerSecondAToB => Duration > 0 ? BytesAToB * 8 / Duration : 0;
    public double BitsPerSecondBToA => Duration > 0 ? BytesBToA * 8 / Duration : 0;
    public TcpFacts? Tcp { get; init; }
}

/// <summary>What the TCP engine knows about a connection, for the conversation table.</summary>
internal sealed record TcpFacts(int Stream, string State, string History, string Handshake, bool AIsOriginator,
    long RetransmissionsAToB, long RetransmissionsBToA, double? InitialRtt, double? RttAToB, double? RttBToA,
    long GapBytesAToB, long GapBytesBToA, long ConflictBytes, uint MaxBytesInFlightAToB, uint MaxBytesInFlightBToA, double ZeroWindowSeconds,
    bool MidStream, bool ReusedPorts, string Ended);

internal static class ConversationRows
{
    public static List<ConversationRow> Build(string kind, IReadOnlyList<FlowTracker> trackers, IReadOnlyList<string> files, long firstNs)
    {
        var rows = new List<ConversationRow>();
        for (int i = 0; i < trackers.Count; i++)
        {
            string? file = trackers.Count > 1 ? Path.GetFileName(files[i]) : null;
            var t = trackers[i];
            if (kind == "tcp")
            {
                foreach (var c in t.Tcp.Connections)
                    if (!c.OnlyInIcmpQuote) rows.Add(FromTcp(c, t, file, firstNs));
            }
            else
            {
                foreach (var c in kind == "udp" ? t.Conversations.Udp : t.Conversations.Ip)
                {
                    rows.Add(new ConversationRow
                    {
                        File = file, AddressA = c.AddressA.ToString(), PortA = c.PortA, AddressB = c.AddressB.ToString(), PortB = c.PortB,
                        FramesAToB = c.FramesAToB, BytesAToB = c.BytesAToB, FramesBToA = c.FramesBToA, BytesBToA = c.BytesBToA,
                        RelativeStart = (c.StartNs - firstNs) / 1e9, Duration = c.DurationSeconds,
                    });
                }
            }
        }
        return rows;
    }

    private static ConversationRow FromTcp(TcpConnection c, FlowTracker t, string? file, long firstNs)
    {
        bool aIsOrig = c.FirstPacketFromOriginator;
        var a = c.Direction(aIsOrig);
        var b = c.Direction(!aIsOrig);
        var r = t.ReassemblerOf(c.Stream);
        var facts = new TcpFacts(c.Stream, c.State, c.History, c.Handshake.ToString(), aIsOrig,
            a.Retransmissions, b.Retransmissions, c.InitialRttNs > 0 ? c.InitialRttNs / 1e9 : null,
            a.RttSamples > 0 ? a.RttSumNs / 1e9 / a.RttSamples : null, b.RttSamples > 0 ? b.RttSumNs / 1e9 / b.RttSamples : null,
            r?.GapBytes(aIsOrig) ?? 0, r?.GapBytes(!aIsOrig) ?? 0, (r?.ConflictBytes(true) ?? 0) + (r?.ConflictBytes(false) ?? 0), a.MaxBytesInFlight, b.MaxBytesInFlight,
            (c.Originator.ZeroWindowTimeNs + c.Responder.ZeroWindowTimeNs) / 1e9, c.MidStream, c.ReusedPorts, Ending(c));
        return new ConversationRow
        {
            File = file,
            AddressA = (aIsOrig ? c.OriginatorAddress : c.ResponderAddress).ToString(),
            PortA = aIsOrig ? c.OriginatorPort : c.ResponderPort,
            AddressB = (aIsOrig ? c.ResponderAddress : c.OriginatorAddress).ToString(),
            PortB = aIsOrig ? c.ResponderPort : c.OriginatorPort,
            FramesAToB = a.Packets, BytesAToB = a.Bytes, FramesBToA = b.Packets, BytesBToA = b.Bytes,
            RelativeStart = (c.StartNs - firstNs) / 1e9, Duration = c.DurationSeconds, Tcp = facts,
        };
    }

    /// <summary>How the connection ended, in words: FIN each way, RST by whom, or still open at the end of the capture.</summary>
    private static string Ending(TcpConnection c)
    {
        var o = c.Originator;
        var r = c.Responder;
        if (o.SawRst && r.SawRst) return "reset by both";
        if (o.SawRst) return "reset by originator";
        if (r.SawRst) return "reset by responder";
        if (o.SawFin && r.SawFin) return "closed (FIN both ways)";
        if (o.SawFin) return "half-closed by originator";
        if (r.SawFin) return "half-closed by responder";
        return "open at end of capture";
    }

    public static List<ConversationRow> Sort(List<ConversationRow> rows, string key) => key switch
    {
        "bytes" => [.. rows.OrderByDescending(r => r.Bytes)],
        "start" => [.. rows.OrderBy(r => r.RelativeStart)],
        "duration" => [.. rows.OrderByDescending(r => r.Duration)],
        "stream" => [.. rows.OrderBy(r => r.Tcp?.Stream ?? 0)],
        "retransmissions" => [.. rows.OrderByDescending(r => (r.Tcp?.RetransmissionsAToB ?? 0) + (r.Tcp?.RetransmissionsBToA ?? 0))],
        _ => [.. rows.OrderByDescending(r => r.Frames)],
    };
}
