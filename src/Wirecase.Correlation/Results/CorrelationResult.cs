using Wirecase.Correlation.Matching;
using Wirecase.Correlation.Points;

namespace Wirecase.Correlation.Results;

/// <summary>Everything `wirecase correlate` found: the points in path order with their clocks, the hops, the NAT
/// mappings, the verdicts on segments that were not passed on unchanged, and the connections matched.</summary>
public sealed record CorrelationResult(
    CapturePointPlan Plan,
    IReadOnlyList<PointSummary> Points,
    IReadOnlyList<int> Path,
    string PathBasis,
    IReadOnlyList<HopSummary> Hops,
    IReadOnlyList<NatMapping> NatMappings,
    IReadOnlyList<SegmentVerdict> Verdicts,
    long VerdictsDropped,
    IReadOnlyList<MatchedConnection> Connections,
    IReadOnlyList<ExchangeTiming> SlowExchanges,
    long WindowNs,
    IReadOnlyList<Wirecase.Capture.CaptureDamage> Damages,
    ServerOpenedConnections? ServerOpened = null)
{
    public string NameOf(int point) => Points[point].Name;

    /// <summary>A frame as the user finds it in Wireshark: "client#12" (or "client#2:12" in a ring buffer's second file).</summary>
    public string FrameAt(int point, long frameId) => $"{Points[point].Name}#{FrameLabel(frameId)}";

    public static string FrameLabel(long frameId)
    {
        int file = Wirecase.Capture.FrameId.FileOrdinal(frameId);
        long n = Wirecase.Capture.FrameId.Number(frameId);
        return file == 0 ? n.ToString() : $"{file + 1}:{n}";
    }
}

/// <summary>Connections opened from the servers' end of the path (their opener's TTL grows along the path from the
/// clients' side). Their segments are counted with the clients' orientation, so on their hops lost and appeared swap
/// places; the diagnosis says so.</summary>
public sealed record ServerOpenedConnections(int Count, IReadOnlyList<int> Examples);

/// <summary>A point, its capture and its clock relative to the first point of the path.</summary>
public sealed record PointSummary(
    string Name,
    IReadOnlyList<string> Files,
    long Frames,
    long TcpSegments,
    int Connections,
    long FirstNs,
    long LastNs,
    ClockEstimate Clock);

/// <summary>A point's clock: how far ahead of the reference point's it is (and how that changes), with the uncertainty.</summary>
public sealed record ClockEstimate(long OffsetNs, double DriftPpm, long UncertaintyNs, string Basis, long Samples, bool Consistent)
{
    public static ClockEstimate Reference { get; } = new(0, 0, 0, "reference", 0, true);

    /// <summary>The offset at a time of the reference clock.</summary>
    public long OffsetAt(long referenceNs, long originNs) => OffsetNs + (long)(DriftPpm * 1e-6 * (referenceNs - originNs));
}

/// <summary>Counts and delays of the segments between two neighbouring points of the path, per direction of travel.</summary>
public sealed record HopSummary(int From, int To, HopDirection TowardServer, HopDirection TowardClient);

public sealed record HopDirection(long Passed, long Lost, long Appeared, long Modified, long Duplicated, long Reordered,
    long Resegmented, long MssClamped, long? DelayMedianNs, long? DelayP99Ns, long? DelayMaxNs, int LargestPassed)
{
    public long Matched => Passed;
}

/// <summary>An address (and port) rewritten between two points, and the connections that showed it.</summary>
public sealed record NatMapping(int From, int To, string Side, string Before, string After, int Connections, MatchMethod Method);

public enum VerdictKind : byte
{
    Lost,
    Appeared,
    Modified,
    Duplicated,
    Reordered,
    /// <summary>Seen before and after a point but not at it: that capture missed it (not a network loss).</summary>
    NotCaptured,
}

/// <summary>What happened to one segment on one hop, with the frames that show it.</summary>
public sealed record SegmentVerdict(
    VerdictKind Kind,
    int From,
    int To,
    int Connection,
    bool FromClient,
    SegmentKind Segment,
    int Length,
    int LengthAfter,
    uint Seq,
    SegmentDifference Changes,
    long AckShift,
    long? FrameBefore,
    long? FrameAfter,
    long TimeNs);

/// <summary>One connection across points: its tcp.stream and endpoints at each point, and how it was matched.</summary>
public sealed record MatchedConnection(int Id, IReadOnlyList<ConnectionAtPoint?> At, bool Proxied, bool SequenceRewritten,
    int Anomalies, IReadOnlyList<LadderRow>? Ladder, int LadderDropped);

public sealed record ConnectionAtPoint(int Stream, string Client, string Server, MatchMethod Method, long Segments);

/// <summary>One segment in a ladder: per point its frame and (clock-corrected) time, or null where it was not seen,
/// and what happened to it on the way (none when it passed every hop unchanged).</summary>
public sealed record LadderRow(bool FromClient, SegmentKind Segment, uint Seq, uint Ack, int Length, IReadOnlyList<long?> Frames,
    IReadOnlyList<long?> TimesNs, IReadOnlyList<SegmentVerdict> Verdicts);

/// <summary>A connection's slowest request → response, timed at every point that saw both (clock-corrected).</summary>
public sealed record ExchangeTiming(int Connection, IReadOnlyList<long?> RequestNs, IReadOnlyList<long?> ResponseNs,
    IReadOnlyList<long?> RequestFrames, IReadOnlyList<long?> ResponseFrames);
