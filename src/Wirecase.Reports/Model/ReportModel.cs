using Wirecase.Correlation.Results;
using Wirecase.Diagnosis;

namespace Wirecase.Reports.Model;

/// <summary>
/// Everything a report shows, computed once: what was captured, the findings, the conversations, and for the
/// connections the findings cite their segments (ladder, time-sequence graph, RTT, throughput, packet list).
/// Writers only project it; they compute nothing.
/// </summary>
public sealed record ReportModel(
    string Title,
    DateTimeOffset GeneratedAt,
    IReadOnlyList<CaptureSummaryView> Captures,
    IReadOnlyList<FindingView> Findings,
    IReadOnlyList<ConversationRow> Conversations,
    int ConversationsNotShown,
    IReadOnlyList<ConnectionView> Connections,
    int CitedConnectionsNotShown,
    CorrelationResult? Correlation);

/// <summary>One capture point (a file, or a ring buffer's files).</summary>
public sealed record CaptureSummaryView(
    string? Name,
    IReadOnlyList<string> Files,
    long Frames,
    DateTimeOffset? Start,
    double DurationSeconds,
    int TcpConnections,
    int SmtpSessions,
    int TlsSessions,
    int HttpSessions,
    int DnsQueries);

/// <summary>A finding with the ids of the connection views that show it (empty when it cites no TCP connection).</summary>
public sealed record FindingView(Finding Finding, IReadOnlyList<string> ConnectionViewIds)
{
    /// <summary>Stable id within a report: the finding id and its rank (a rule can raise several findings).</summary>
    public required string Anchor { get; init; }
}

/// <summary>One TCP connection as the conversations table shows it: A is the side whose packet came first (Wireshark's
/// Conversations), B the other.</summary>
public sealed record ConversationRow(
    string? Point,
    int Stream,
    string A,
    string B,
    string State,
    string History,
    long PacketsAtoB,
    long BytesAtoB,
    long PacketsBtoA,
    long BytesBtoA,
    double StartSeconds,
    double DurationSeconds,
    long Retransmissions,
    double? RttMs,
    string? ViewId);
