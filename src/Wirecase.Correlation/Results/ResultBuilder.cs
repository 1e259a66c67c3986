using Wirecase.Capture;
using Wirecase.Correlation.Clock;
using Wirecase.Correlation.Matching;
using Wirecase.Correlation.Points;

namespace Wirecase.Correlation.Results;

/// <summary>After the stream: the path order, each point's clock, the per-hop counts and delays, and the verdicts.</summary>
internal static class ResultBuilder
{
    public const int VerdictLimit = 5000;
    public const int ConnectionLimit = 5000;

    public static CorrelationResult Build(CapturePointPlan plan, CorrelationOptions options, SegmentMatcher matcher,
        SegmentOutcomes outcomes, long[] frames, long[] segments, IReadOnlyList<CaptureDamage> damages)
    {
        int n = plan.Points.Count;
        var (path, basis) = PathOrder(plan, options, outcomes, n);
        var firstNs = new long[n];
        var lastNs = new long[n];
        var connectionsAt = new int[n];
        for (int p = 0; p < n; p++)
        {
            firstNs[p] = long.MaxValue;
            lastNs[p] = long.MinValue;
        }
        foreach (var pc in matcher.Connections) connectionsAt[pc.Point]++;
        long origin = outcomes.Conversations.Count > 0 ? outcomes.Conversations.Min(c => c.FirstNs) : 0;

        // Clocks along the path, each relative to the first point of the path.
        var clocks = new ClockEstimate[n];
        for (int p = 0; p < n; p++) clocks[p] = ClockEstimate.Reference;
        for (int k = 0; k + 1 < path.Count; k++)
        {
            int a = path[k], b = path[k + 1];
            var pair = outcomes.Pair(Math.Min(a, b), Math.Max(a, b));
            var fit = ClockFit.Fit(pair, a < b, origin);
            clocks[b] = ClockFit.Chain(clocks[a], fit);
        }

        var hops = new HopCounter[Math.Max(0, path.Count - 1)];
        for (int h = 0; h < hops.Length; h++) hops[h] = new HopCounter();
        var position = new int[n];
        Array.Fill(position, -1);
        for (int k = 0; k < path.Count; k++) position[path[k]] = k;

        foreach (var ((dir, expected), count) in outcomes.Clean)
        {
            var along = path.Where(p => (expected & (1 << p)) != 0).ToList();
            for (int k = 0; k + 1 < along.Count; k++)
                if (position[along[k + 1]] == position[along[k]] + 1) hops[position[along[k]]].Dir(dir).Passed += count;
        }

        var verdicts = new List<SegmentVerdict>();
        long dropped = outcomes.AnomaliesDropped;
        var judged = new Dictionary<SegmentGroup, List<SegmentVerdict>>();
        foreach (var (g, expected) in outcomes.Anomalies)
        {
            var groupVerdicts = Judge(g, expected, path, position, hops, clocks, origin);
            judged[g] = groupVerdicts;
            foreach (var v in groupVerdicts)
            {
                if (verdicts.Count < VerdictLimit) verdicts.Add(v);
                else dropped++;
            }
        }

        foreach (var (g, point) in outcomes.LateDuplicates)
        {
            // Duplicated on the hop into the point that had two copies, from its neighbour the segment came from.
            int dir = g.FromClient ? 0 : 1;
            var travel = path.Where(g.SeenAt).ToList();
            if (!g.FromClient) travel.Reverse();
            int at = travel.IndexOf(point);
            if (at <= 0) continue;
            int from = travel[at - 1];
            Count(hops, position, from, point, dir, h => h.Duplicated++);
            if (verdicts.Count < VerdictLimit)
                verdicts.Add(Verdict(VerdictKind.Duplicated, from, point, g, g.Copies[from], g.Copies[point], SegmentDifference.None, clocks, origin));
            else dropped++;
        }

        var hopSummaries = new List<HopSummary>();
        for (int h = 0; h < hops.Length; h++)
        {
            int a = path[h], b = path[h + 1];
            var pair = outcomes.Pair(Math.Min(a, b), Math.Max(a, b));
            hopSummaries.Add(new HopSummary(a, b,
                hops[h].Dir(0).Summary(Delays(pair, 0, a < b, clocks[b], clocks[a], origin), pair.MaxLength(0)),
                hops[h].Dir(1).Summary(Delays(pair, 1, a < b, clocks[b], clocks[a], origin), pair.MaxLength(1))));
        }

        var conversations = outcomes.Conversations.Concat(matcher.Connections.Select(pc => pc.Conversation!))
            .Where(c => c is not null && !c.Merged).Distinct().ToList();
        var nat = NatMappings(conversations, path);
        var matched = conversations
            .Where(c => BitOps(c.PresentMask) >= 2 || c.Anomalies > 0)
            .OrderByDescending(c => c.Anomalies).ThenBy(c => c.Id).Take(ConnectionLimit).OrderBy(c => c.Id)
            .Select(c => Describe(c, n, clocks, origin, judged)).ToList();
        var exchanges = conversations.Where(c => c.SlowestExchange is not null)
            .OrderByDescending(c => c.SlowestExchange!.Value.GapNs).Take(20)
            .Select(c => Exchange(c, n, clocks, origin)).ToList();

        for (int p = 0; p < n; p++) (firstNs[p], lastNs[p]) = matcher.RawSpan(p);
        var points = plan.Points.Select((p, i) => new PointSummary(p.Name, p.Files, frames[i], segments[i], connectionsAt[i],
            firstNs[i] == long.MaxValue ? 0 : firstNs[i], lastNs[i] == long.MinValue ? 0 : lastNs[i], clocks[i])).ToList();
        return new CorrelationResult(plan, points, path, basis, hopSummaries, nat, verdicts, dropped, matched, exchanges,
            options.WindowNs, damages, ServerOpened(conversations, path));
    }

    /// <summary>Connections whose opener's packets lose TTL going from the servers' end of the path toward the clients'
    /// (so the opener sits beyond the servers' end): counted, with a few ids.</summary>
    private static ServerOpenedConnections? ServerOpened(List<Conversation> conversations, List<int> path)
    {
        int count = 0;
        var examples = new List<int>();
        foreach (var c in conversations)
        {
            int vote = 0;
            int previous = -1;
            foreach (int p in path)
            {
                int ttl = c.OriginatorTtl[p];
                if (ttl < 0) continue;
                if (previous >= 0) vote += Math.Sign(previous - ttl);
                previous = ttl;
            }
            if (vote >= 0) continue;
            count++;
            if (examples.Count < 10) examples.Add(c.Id);
        }
        return count == 0 ? null : new ServerOpenedConnections(count, examples);
    }

    private static int BitOps(int mask) => System.Numerics.BitOperations.PopCount((uint)mask);

    /// <summary>The points from the clients' side to the servers' side: as named, else from the segments' times (a
    /// segment reaches the downstream point later going to the server and earlier coming back, whatever the clocks),
    /// else from TTLs (they drop at each router on the way).</summary>
    private static (List<int> Path, string Basis) PathOrder(CapturePointPlan plan, CorrelationOptions options, SegmentOutcomes outcomes, int n)
    {
        if (options.Path is { Count: > 0 } named)
        {
            var path = named.Select(name => plan.Points.ToList().FindIndex(p => p.Name == name)).Where(i => i >= 0).Distinct().ToList();
            path.AddRange(Enumerable.Range(0, n).Where(p => !path.Contains(p)));
            return (path, "as given");
        }
        var downstreamOf = new int[n];
        var related = new bool[n];
        string basis = "as given (no segment seen at two points)";
        bool byTimes = false, byTtl = false;
        for (int i = 0; i < n; i++)
            for (int j = i + 1; j < n; j++)
            {
                var pair = outcomes.Pair(i, j);
                // TTLs drop at each router whatever the clocks say; times decide between points on one segment.
                int jDownstream = 0;
                long ttl = -pair.TtlDelta(0) + pair.TtlDelta(1);
                if (ttl != 0)
                {
                    jDownstream = ttl > 0 ? 1 : -1;
                    byTtl = true;
                }
                else if (pair.Count(0) > 0 && pair.Count(1) > 0)
                {
                    double toServer = ClockFit.Median(pair.Sample(0).Select(s => (double)s.Delta));
                    double toClient = ClockFit.Median(pair.Sample(1).Select(s => (double)s.Delta));
                    if (toServer != toClient)
                    {
                        jDownstream = toServer > toClient ? 1 : -1;
                        byTimes = true;
                    }
                }
                if (jDownstream == 0) continue;
                related[i] = related[j] = true;
                if (jDownstream > 0) downstreamOf[j]++;
                else downstreamOf[i]++;
            }
        if (byTimes) basis = byTtl ? "from segment times and TTLs" : "from segment times";
        else if (byTtl) basis = "from TTLs";
        var order = Enumerable.Range(0, n).OrderBy(p => related[p] ? 0 : 1).ThenBy(p => downstreamOf[p]).ThenBy(p => p).ToList();
        return (order, basis);
    }

    /// <summary>What happened to one segment on each hop it crossed (or should have).</summary>
    private static List<SegmentVerdict> Judge(SegmentGroup g, int expected, List<int> path, int[] position, HopCounter[] hops,
        ClockEstimate[] clocks, long origin)
    {
        var result = new List<SegmentVerdict>();
        int dir = g.FromClient ? 0 : 1;
        var travel = path.Where(p => (expected & (1 << p)) != 0 || g.SeenAt(p)).ToList();
        if (!g.FromClient) travel.Reverse();
        int first = travel.FindIndex(g.SeenAt);
        if (first < 0) return result;
        if (first > 0)
        {
            int before = travel[first - 1], at = travel[first];
            Count(hops, position, before, at, dir, h => h.Appeared++);
            result.Add(Verdict(VerdictKind.Appeared, before, at, g, null, g.Copies[at], SegmentDifference.None, clocks, origin));
        }
        int last = travel[first];
        for (int k = first + 1; k < travel.Count; k++)
        {
            int b = travel[k];
            if (!g.SeenAt(b))
            {
                bool seenLater = travel.Skip(k + 1).Any(g.SeenAt);
                if (seenLater)
                {
                    result.Add(Verdict(VerdictKind.NotCaptured, last, b, g, g.Copies[last], null, SegmentDifference.None, clocks, origin));
                    continue;
                }
                Count(hops, position, last, b, dir, h => h.Lost++);
                result.Add(Verdict(VerdictKind.Lost, last, b, g, g.Copies[last], null, SegmentDifference.None, clocks, origin));
                break;
            }
            ref readonly var before = ref g.Copies[last];
            ref readonly var after = ref g.Copies[b];
            bool resegmented = (g.ResegmentedMask & ((1 << last) | (1 << b))) != 0;
            var changes = Differences.Between(before, after, g.Conversation.Proxied, resegmented);
            if ((changes & SegmentDifference.MssClamped) != 0 && after.Mss > before.Mss)
                changes = (changes & ~SegmentDifference.MssClamped) | SegmentDifference.Mss;
            if (resegmented) changes |= SegmentDifference.Resegmented;
            if ((g.ReorderedMask & (1 << b)) != 0 || (g.ReorderedMask & (1 << last)) != 0) changes |= SegmentDifference.Reordered;
            var fault = changes & ~(SegmentDifference.MssClamped | SegmentDifference.Resegmented | SegmentDifference.Reordered);
            var counted = changes;
            Count(hops, position, last, b, dir, h =>
            {
                h.Passed++;
                if (fault != SegmentDifference.None) h.Modified++;
                if ((counted & SegmentDifference.MssClamped) != 0) h.MssClamped++;
                if ((counted & SegmentDifference.Resegmented) != 0) h.Resegmented++;
                if ((counted & SegmentDifference.Reordered) != 0) h.Reordered++;
            });
            if (fault != SegmentDifference.None || (changes & SegmentDifference.MssClamped) != 0)
                result.Add(Verdict(VerdictKind.Modified, last, b, g, before, after, changes, clocks, origin));
            else if ((changes & SegmentDifference.Reordered) != 0)
                result.Add(Verdict(VerdictKind.Reordered, last, b, g, before, after, changes, clocks, origin));
            if ((g.DuplicateMask & (1 << b)) != 0 && (g.DuplicateMask & (1 << last)) == 0)
            {
                Count(hops, position, last, b, dir, h => h.Duplicated++);
                result.Add(Verdict(VerdictKind.Duplicated, last, b, g, before, after, SegmentDifference.None, clocks, origin));
            }
            last = b;
        }
        return result;
    }

    private static void Count(HopCounter[] hops, int[] position, int a, int b, int dir, Action<HopCounter.Direction> action)
    {
        int pa = position[a], pb = position[b];
        if (pa < 0 || pb < 0) return;
        int from = Math.Min(pa, pb), to = Math.Max(pa, pb);
        // A segment that skipped a point (not capturing then) counts on every hop between.
        for (int h = from; h < to && h < hops.Length; h++) action(hops[h].Dir(dir));
    }

    private static SegmentVerdict Verdict(VerdictKind kind, int from, int to, SegmentGroup g, SegmentRecord? before,
        SegmentRecord? after, SegmentDifference changes, ClockEstimate[] clocks, long origin)
    {
        var any = before ?? after!.Value;
        long time = Corrected(any.TimeNs, clocks[any.Point], origin);
        return new SegmentVerdict(kind, from, to, g.Conversation.Id, g.FromClient, g.Kind, before?.Length ?? after!.Value.Length,
            after?.Length ?? before!.Value.Length, g.Start, changes,
            before is { } x && after is { } y ? (int)(y.Ack - x.Ack) : 0, before?.FrameId, after?.FrameId, time);
    }

    public static long Corrected(long rawNs, ClockEstimate clock, long origin) => rawNs - clock.OffsetAt(rawNs - clock.OffsetNs, origin);

    private static (long? Median, long? P99, long? Max) Delays(PairTiming pair, int dir, bool aIsFirst, ClockEstimate b,
        ClockEstimate a, long origin)
    {
        var sample = pair.Sample(dir);
        if (sample.Count == 0) return (null, null, null);
        var delays = new List<long>(sample.Count);
        foreach (var (at, delta) in sample)
        {
            long oriented = aIsFirst ? delta : -delta; // t_b − t_a
            long offset = b.OffsetAt(at, origin) - a.OffsetAt(at, origin);
            delays.Add(dir == 0 ? oriented - offset : offset - oriented);
        }
        delays.Sort();
        return (delays[delays.Count / 2], delays[Math.Min(delays.Count - 1, (int)Math.Ceiling(delays.Count * 0.99) - 1)], delays[^1]);
    }

    private static List<NatMapping> NatMappings(List<Conversation> conversations, List<int> path)
    {
        var rows = new Dictionary<(int, int, string, string, string), (string Before, string After, int Count, MatchMethod Method)>();
        foreach (var c in conversations)
        {
            var along = path.Where(c.Has).ToList();
            for (int k = 0; k + 1 < along.Count; k++)
            {
                var a = c.At[along[k]]!;
                var b = c.At[along[k + 1]]!;
                if (a.ClientAddress != b.ClientAddress || a.ClientPort != b.ClientPort)
                    Add("client", a.ClientAddress.ToString(), b.ClientAddress.ToString(),
                        PointConnection.Endpoint(a.ClientAddress, a.ClientPort), PointConnection.Endpoint(b.ClientAddress, b.ClientPort), along[k], along[k + 1], b.Method);
                if (a.ServerAddress != b.ServerAddress || a.ServerPort != b.ServerPort)
                    Add("server", a.ServerAddress.ToString(), b.ServerAddress.ToString(),
                        PointConnection.Endpoint(a.ServerAddress, a.ServerPort), PointConnection.Endpoint(b.ServerAddress, b.ServerPort), along[k], along[k + 1], b.Method);
            }
        }
        return [.. rows.Select(r => new NatMapping(r.Key.Item1, r.Key.Item2, r.Key.Item3, r.Value.Before, r.Value.After, r.Value.Count, r.Value.Method))];

        void Add(string side, string beforeAddress, string afterAddress, string before, string after, int from, int to, MatchMethod method)
        {
            var key = (from, to, side, beforeAddress, afterAddress);
            rows[key] = rows.TryGetValue(key, out var r) ? r with { Count = r.Count + 1 } : (before, after, 1, method);
        }
    }

    private static MatchedConnection Describe(Conversation c, int n, ClockEstimate[] clocks, long origin,
        Dictionary<SegmentGroup, List<SegmentVerdict>> judged)
    {
        var at = c.At.Select(pc => pc is null ? null
            : new ConnectionAtPoint(pc.Stream, PointConnection.Endpoint(pc.ClientAddress, pc.ClientPort),
                PointConnection.Endpoint(pc.ServerAddress, pc.ServerPort), pc.Method, pc.Segments)).ToList();
        var ladder = c.Ladder?.OrderBy(g => Enumerable.Range(0, n).Where(g.SeenAt).Min(p => Corrected(g.Copies[p].TimeNs, clocks[p], origin))).Select(g => new LadderRow(g.FromClient, g.Kind, g.Start, g.Ack, g.Length,
            [.. Enumerable.Range(0, n).Select(p => g.SeenAt(p) ? g.Copies[p].FrameId : (long?)null)],
            [.. Enumerable.Range(0, n).Select(p => g.SeenAt(p) ? Corrected(g.Copies[p].TimeNs, clocks[p], origin) : (long?)null)],
            judged.TryGetValue(g, out var verdicts) ? verdicts : [])).ToList();
        return new MatchedConnection(c.Id, at, c.Proxied, c.SequenceRewritten, c.Anomalies, ladder, c.LadderDropped);
    }

    private static ExchangeTiming Exchange(Conversation c, int n, ClockEstimate[] clocks, long origin)
    {
        var (req, resp, _) = c.SlowestExchange!.Value;
        return new ExchangeTiming(c.Id,
            [.. Enumerable.Range(0, n).Select(p => req.SeenAt(p) ? Corrected(req.Copies[p].TimeNs, clocks[p], origin) : (long?)null)],
            [.. Enumerable.Range(0, n).Select(p => resp.SeenAt(p) ? Corrected(resp.Copies[p].TimeNs, clocks[p], origin) : (long?)null)],
            [.. Enumerable.Range(0, n).Select(p => req.SeenAt(p) ? req.Copies[p].FrameId : (long?)null)],
            [.. Enumerable.Range(0, n).Select(p => resp.SeenAt(p) ? resp.Copies[p].FrameId : (long?)null)]);
    }

    /// <summary>Counts of one hop, per direction of travel (0 = toward the server).</summary>
    private sealed class HopCounter
    {
        private readonly Direction[] _dirs = [new(), new()];

        public Direction Dir(int dir) => _dirs[dir];

        public sealed class Direction
        {
            public long Passed, Lost, Appeared, Modified, Duplicated, Reordered, Resegmented, MssClamped;

            public HopDirection Summary((long? Median, long? P99, long? Max) d, int largestPassed) =>
                new(Passed, Lost, Appeared, Modified, Duplicated, Reordered, Resegmented, MssClamped, d.Median, d.P99, d.Max, largestPassed);
        }
    }
}
