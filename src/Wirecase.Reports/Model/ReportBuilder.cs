using Wirecase.Capture;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;

namespace Wirecase.Reports.Model;

/// <summary>
/// Builds the report model from an analysis (its facts and ranked findings) and a second reading of the captures for
/// the connections the findings cite.
/// </summary>
public static class ReportBuilder
{
    /// <param name="reopen">Opens the same captures again, prepared as for the analysis (points assigned).</param>
    public static ReportModel Build(string title, CaptureFacts facts, IReadOnlyList<Finding> findings, Func<CaptureSet> reopen,
        ReportOptions? options = null, Action? onFrame = null, DateTimeOffset? now = null)
    {
        options ??= new ReportOptions();
        var evidence = new HashSet<(int Point, long FrameId)>();
        foreach (var e in findings.SelectMany(f => f.Evidence))
            if (PointOf(facts, e.File) is int p) evidence.Add((p, e.Id));

        CitedConnections cited;
        using (var set = reopen())
            cited = CitedConnections.Collect(set, facts, evidence, options.MaxSegmentsPerConnection, onFrame);

        // The connections each finding cites, in finding order; the first MaxConnectionViews get views.
        var order = new List<(int Point, int Stream)>();
        var citedBy = new Dictionary<(int, int), List<string>>();
        var findingViews = new List<FindingView>();
        for (int i = 0; i < findings.Count; i++)
        {
            var f = findings[i];
            string anchor = $"finding-{i + 1}";
            var mine = new List<(int, int)>();
            foreach (var e in f.Evidence)
            {
                if (PointOf(facts, e.File) is not int p || !cited.TryStreamOf(p, e.Id, out int stream)) continue;
                var key = (p, stream);
                if (mine.Contains(key)) continue;
                mine.Add(key);
                if (!citedBy.TryGetValue(key, out var by))
                {
                    citedBy[key] = by = [];
                    order.Add(key);
                }
                by.Add(anchor);
            }
            findingViews.Add(new FindingView(f, [.. mine.Where(k => order.IndexOf(k) < options.MaxConnectionViews).Select(k => ViewId(k.Item1, k.Item2))]) { Anchor = anchor });
        }

        var views = new List<ConnectionView>();
        foreach (var (p, stream) in order.Take(options.MaxConnectionViews))
        {
            var point = facts.Points[p];
            var c = point.Connections[stream];
            views.Add(new ConnectionView(ViewId(p, stream), point.Name, stream, Endpoint(c, true), Endpoint(c, false), c.State,
                Time(c.StartNs), cited.Rows(p, stream), cited.NotShown(p, stream), citedBy[(p, stream)]));
        }

        var viewIds = views.Select(v => v.Id).ToHashSet();
        var all = facts.Points.SelectMany((point, p) => point.Connections.Where(c => !c.OnlyInIcmpQuote).Select(c => (p, point, c))).ToList();
        var conversations = all
            .OrderByDescending(x => x.c.Originator.Bytes + x.c.Responder.Bytes)
            .Take(options.MaxConversations)
            .OrderBy(x => x.p).ThenBy(x => x.c.Stream)
            .Select(x => Row(x.point, x.c, ViewId(x.p, x.c.Stream) is var id && viewIds.Contains(id) ? id : null))
            .ToList();

        var captures = facts.Points.Select(point => new CaptureSummaryView(point.Name, point.Files, point.Frames,
            point.FirstNs == long.MaxValue ? null : Time(point.FirstNs),
            point.FirstNs == long.MaxValue ? 0 : (point.LastNs - point.FirstNs) / 1e9,
            point.Connections.Count, point.Application.Smtp.Count, point.Application.Tls.Count, point.Application.Http.Count,
            point.Application.Dns.Exchanges.Count)).ToList();

        return new ReportModel(title, now ?? DateTimeOffset.UtcNow, captures, findingViews, conversations,
            all.Count - conversations.Count, views, Math.Max(0, order.Count - views.Count), facts.Correlated);
    }

    public static string ViewId(int point, int stream) => $"conn-{point}-{stream}";

    private static int? PointOf(CaptureFacts facts, string? file)
    {
        if (facts.Points.Count == 1) return 0;
        for (int p = 0; p < facts.Points.Count; p++)
            if (file is not null && facts.Points[p].Files.Contains(file)) return p;
        return null;
    }

    private static string Endpoint(TcpConnection c, bool originator)
    {
        var address = originator ? c.OriginatorAddress : c.ResponderAddress;
        ushort port = originator ? c.OriginatorPort : c.ResponderPort;
        return address.Version == 6 ? $"[{address}]:{port}" : $"{address}:{port}";
    }

    private static DateTimeOffset? Time(long ns) =>
        ns == long.MaxValue || ns == long.MinValue ? null : DateTimeOffset.UnixEpoch.AddTicks(ns / 100);

    private static ConversationRow Row(CapturePointFacts point, TcpConnection c, string? viewId)
    {
        // Endpoint A is the side whose packet came first (Wireshark's conversations), B the other.
        bool aIsOriginator = c.FirstPacketFromOriginator;
        var a = c.Direction(aIsOriginator);
        var b = c.Direction(!aIsOriginator);
        long rttSamples = c.Originator.RttSamples + c.Responder.RttSamples;
        double? rtt = c.InitialRttNs > 0 ? c.InitialRttNs / 1e6
            : rttSamples > 0 ? (c.Originator.RttSumNs + c.Responder.RttSumNs) / 1e6 / rttSamples : null;
        return new ConversationRow(point.Name, c.Stream, Endpoint(c, aIsOriginator), Endpoint(c, !aIsOriginator), c.State, c.History,
            a.Packets, a.Bytes, b.Packets, b.Bytes,
            point.FirstNs == long.MaxValue ? 0 : (c.StartNs - point.FirstNs) / 1e9, c.DurationSeconds,
            c.Originator.Retransmissions + c.Responder.Retransmissions, rtt, viewId);
    }
}
