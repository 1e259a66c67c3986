namespace Wirecase.Reports.Model;

/// <summary>
/// One connection a finding cites, segment by segment as captured (at most <see cref="ReportOptions.MaxSegmentsPerConnection"/>;
/// the rest are counted in <see cref="SegmentsNotShown"/>). Times are seconds from the connection's first segment.
/// </summary>
public sealed record ConnectionView(
    string Id,
    string? Point,
    int Stream,
    string Originator,
    string Responder,
    string State,
    DateTimeOffset? Start,
    IReadOnlyList<SegmentRow> Segments,
    long SegmentsNotShown,
    IReadOnlyList<string> CitedBy)
{
    public string Title => $"{(Point is null ? "" : Point + " ")}tcp.stream {Stream}: {Originator} → {Responder}";
}

/// <summary>One captured segment of a connection: what the packet list, the ladder and the graphs draw.</summary>
public sealed record SegmentRow(
    string Frame,
    long FrameId,
    double Time,
    bool FromOriginator,
    string Flags,
    uint Seq,
    uint Ack,
    bool HasAck,
    int Length,
    long Window,
    IReadOnlyList<string> Analysis,
    double? AckRttMs,
    IReadOnlyList<(uint Left, uint Right)> Sack,
    bool Evidence)
{
    /// <summary>A retransmission of any kind (drawn apart in the graphs).</summary>
    public bool Retransmitted => Analysis.Any(a => a.Contains("retransmission", StringComparison.Ordinal));
}
