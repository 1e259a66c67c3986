using Wirecase.Correlation.Matching;
using Wirecase.Correlation.Results;

namespace Wirecase.Diagnosis.Paths;

/// <summary>
/// Findings from several vantage points (<c>path.*</c>): where segments were lost, generated or changed, where a delay
/// was spent, and what the correlation had to assume (clocks, NAT, proxies). Words and severities live here; the
/// correlation stage only matched and counted.
/// </summary>
public static class PathDiagnoser
{
    private const long SlowExchangeNs = 200_000_000;
    private const int EvidenceLimit = 8;

    public static List<Finding> Diagnose(CorrelationResult r)
    {
        var findings = new List<Finding>();
        findings.AddRange(Losses(r));
        findings.AddRange(Appearances(r));
        findings.AddRange(Modifications(r));
        findings.AddRange(Delays(r));
        findings.AddRange(Notes(r));
        if (!findings.Any(f => f.Id is "path.lost" or "path.appeared" or "path.modified") && r.Hops.Any(h => h.TowardServer.Passed + h.TowardClient.Passed > 0))
        {
            long passed = r.Hops.Sum(h => h.TowardServer.Passed + h.TowardClient.Passed);
            findings.Add(new Finding
            {
                Id = "path.clean",
                Severity = Severity.Info,
                Confidence = 0.85,
                Title = $"Nothing on the path between {r.NameOf(r.Path[0])} and {r.NameOf(r.Path[^1])} lost, made or changed a packet",
                Explanation = $"Every segment was seen at every point it should have passed, unchanged ({passed} hop crossings): what each " +
                    "endpoint received is what the other sent. Anything odd in the conversation (a stale ACK, a reset) comes from the endpoints themselves.",
                NextStep = "Look at the endpoints (their connection state, logs and configuration) rather than the network in between.",
            });
        }
        return Diagnoser.Rank(findings);
    }

    private static string Side(bool fromClient) => fromClient ? "from the client" : "from the server";

    private static string Kinds(IEnumerable<SegmentVerdict> verdicts)
    {
        var groups = verdicts.GroupBy(v => v.Segment).OrderByDescending(g => g.Count())
            .Select(g => $"{g.Count()} {KindName(g.Key, g.Count())}");
        return string.Join(", ", groups);
    }

    private static string KindName(SegmentKind kind, int count) => kind switch
    {
        SegmentKind.Syn => count == 1 ? "SYN" : "SYNs",
        SegmentKind.SynAck => count == 1 ? "SYN-ACK" : "SYN-ACKs",
        SegmentKind.Rst => count == 1 ? "RST" : "RSTs",
        SegmentKind.Fin => count == 1 ? "FIN" : "FINs",
        SegmentKind.Data => count == 1 ? "data segment" : "data segments",
        _ => count == 1 ? "ACK" : "ACKs",
    };

    /// <summary>Evidence names the file the frame is in (a ring buffer's files each number their frames from 1).</summary>
    private static Evidence At(CorrelationResult r, int point, long frameId, string what)
    {
        var files = r.Points[point].Files;
        int ordinal = Math.Min(Wirecase.Capture.FrameId.FileOrdinal(frameId), files.Count - 1);
        return new(Path.GetFileName(files[ordinal]), Wirecase.Capture.FrameId.Number(frameId), what) { Id = frameId };
    }

    private static IEnumerable<Finding> Losses(CorrelationResult r)
    {
        foreach (var hop in r.Verdicts.Where(v => v.Kind == VerdictKind.Lost).GroupBy(v => (v.From, v.To, v.FromClient)))
        {
            var lost = hop.ToList();
            string from = r.NameOf(hop.Key.From), to = r.NameOf(hop.Key.To);
            var data = lost.Where(v => v.Segment == SegmentKind.Data).ToList();
            var summary = r.Hops.FirstOrDefault(h => (h.From == hop.Key.From && h.To == hop.Key.To) || (h.From == hop.Key.To && h.To == hop.Key.From));
            var dir = summary is null ? null : hop.Key.FromClient ? summary.TowardServer : summary.TowardClient;
            string explanation = $"{Kinds(lost)} {Side(hop.Key.FromClient)} were captured at {from} and never at {to} (nor at any point after it), " +
                $"so they were dropped between the two capture points: by the device or link between them.";
            string next = $"Capture on the device between {from} and {to} (or read its drop counters and logs) to see which rule or interface drops them.";
            if (dir is not null) explanation += $" On the same hop {dir.Passed} segments {Side(hop.Key.FromClient)} passed.";
            var last = r.Points[hop.Key.To];
            long lastAt = last.LastNs - last.Clock.OffsetNs;
            bool afterEnd = lost.All(v => v.TimeNs > lastAt);
            if (afterEnd)
                explanation += $" All of them came after the last frame {to} captured: if that capture stopped then, they are not losses.";
            if (data.Count > 0 && dir is not null && dir.LargestPassed > 0 && data.Min(v => v.Length) > dir.LargestPassed)
            {
                explanation += $" Every lost data segment carried more than {dir.LargestPassed} bytes (the largest that passed); " +
                    $"the smallest lost one carried {data.Min(v => v.Length)}: the loss depends on size, as with a path MTU black hole " +
                    "(a link with a smaller MTU and ICMP 'fragmentation needed' not delivered) or a filter on packet length.";
                next = $"Check the MTU of the links between {from} and {to} and whether ICMP 'fragmentation needed' / 'packet too big' reaches the sender; " +
                    "as a test, lower the MSS (MSS clamping) or the interface MTU on the sender.";
            }
            yield return new Finding
            {
                Id = "path.lost",
                Severity = Severity.Error,
                Confidence = afterEnd ? 0.6 : 0.9,
                Title = $"{lost.Count} segment{(lost.Count == 1 ? "" : "s")} {Side(hop.Key.FromClient)} lost between {from} and {to}",
                Explanation = explanation,
                Evidence = [.. lost.Take(EvidenceLimit).Where(v => v.FrameBefore is not null)
                    .Select(v => At(r, hop.Key.From, v.FrameBefore!.Value, $"{KindName(v.Segment, 1)}, {v.Length} bytes, not seen at {to}"))],
                CannotTell = "Where exactly between the two points the segments were dropped, and why.",
                NextStep = next,
            };
        }
    }

    private static IEnumerable<Finding> Appearances(CorrelationResult r)
    {
        foreach (var hop in r.Verdicts.Where(v => v.Kind == VerdictKind.Appeared).GroupBy(v => (v.From, v.To, v.FromClient)))
        {
            var appeared = hop.ToList();
            string from = r.NameOf(hop.Key.From), to = r.NameOf(hop.Key.To);
            string receiver = hop.Key.FromClient ? "server" : "client";
            yield return new Finding
            {
                Id = "path.appeared",
                Severity = Severity.Warning,
                Confidence = 0.85,
                Title = $"{appeared.Count} segment{(appeared.Count == 1 ? "" : "s")} the {receiver} received were generated between {from} and {to}",
                Explanation = $"{Kinds(appeared)} that claim to come {Side(hop.Key.FromClient)[5..]} appear at {to} but were never captured at {from}, " +
                    $"which they would have passed had the {(hop.Key.FromClient ? "client" : "server")} sent them: a device between the two points " +
                    "(a firewall, proxy or load balancer) made them in that host's name.",
                Evidence = [.. appeared.Take(EvidenceLimit).Where(v => v.FrameAfter is not null)
                    .Select(v => At(r, hop.Key.To, v.FrameAfter!.Value, $"{KindName(v.Segment, 1)}, not seen at {from}"))],
                CannotTell = "Which device between the two points generated them.",
                NextStep = $"Look at the state table and logs of the devices between {from} and {to} for this connection.",
            };
        }
    }

    private static IEnumerable<Finding> Modifications(CorrelationResult r)
    {
        var changed = r.Verdicts.Where(v => v.Kind == VerdictKind.Modified
            && (v.Changes & ~(SegmentDifference.MssClamped | SegmentDifference.Resegmented | SegmentDifference.Reordered)) != 0);
        foreach (var g in changed.GroupBy(v => (v.From, v.To, v.FromClient, v.Segment, Change: ChangeText(v))))
        {
            var list = g.ToList();
            var first = list[0];
            string from = r.NameOf(g.Key.From), to = r.NameOf(g.Key.To);
            string what = KindName(g.Key.Segment, 1);
            string title = (first.Changes & SegmentDifference.Length) != 0 && first.LengthAfter > first.Length
                ? $"{Capital(what)} gained {first.LengthAfter - first.Length} payload byte{(first.LengthAfter - first.Length == 1 ? "" : "s")} between {from} and {to}"
                : $"{Capital(what)} changed between {from} and {to}: {g.Key.Change}";
            if (list.Count > 1) title += $" ({list.Count} segments)";
            yield return new Finding
            {
                Id = "path.modified",
                Severity = Severity.Error,
                Confidence = 0.9,
                Title = title,
                Explanation = $"The same {what} {Side(g.Key.FromClient)} (same sequence number{(first.FrameBefore is not null ? "" : "")}) left {from} " +
                    $"and arrived at {to} changed: {g.Key.Change}. Routers and NAT change TTLs, checksums, addresses and ports, nothing else; " +
                    "a device between the two points rewrote it.",
                Evidence = [.. list.Take(EvidenceLimit).SelectMany(v => new[]
                    {
                        v.FrameBefore is { } b ? At(r, g.Key.From, b, $"{what} as sent on, {v.Length} bytes") : null,
                        v.FrameAfter is { } a ? At(r, g.Key.To, a, $"{what} as received, {v.LengthAfter} bytes") : null,
                    }).OfType<Evidence>()],
                CannotTell = "Which device between the two points changed it.",
                NextStep = $"Check the devices between {from} and {to} for features that rewrite TCP (inspection, acceleration, sequence randomisation) and turn them off for this traffic.",
            };
        }
    }

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];

    /// <summary>Where a long wait between a request and its response was spent: in the server, or on the way.</summary>
    private static IEnumerable<Finding> Delays(CorrelationResult r)
    {
        foreach (var x in r.SlowExchanges)
        {
            var path = r.Path.Where(p => x.RequestNs[p] is not null && x.ResponseNs[p] is not null).ToList();
            if (path.Count < 2) continue;
            int client = path[0], server = path[^1];
            long total = x.ResponseNs[client]!.Value - x.RequestNs[client]!.Value;
            if (total < SlowExchangeNs) continue;
            long atServer = x.ResponseNs[server]!.Value - x.RequestNs[server]!.Value;
            long requestPath = x.RequestNs[server]!.Value - x.RequestNs[client]!.Value;
            long responsePath = x.ResponseNs[client]!.Value - x.ResponseNs[server]!.Value;
            string c = r.NameOf(client), s = r.NameOf(server);
            var evidence = new List<Evidence>
            {
                At(r, client, x.RequestFrames[client]!.Value, "request sent"),
                At(r, server, x.RequestFrames[server]!.Value, $"request reached {s} {Seconds(requestPath)} later"),
                At(r, server, x.ResponseFrames[server]!.Value, $"response left {s} {Seconds(atServer)} after the request"),
                At(r, client, x.ResponseFrames[client]!.Value, $"response reached {c} {Seconds(responsePath)} later"),
            };
            bool inServer = atServer * 2 >= total;
            string where = inServer ? $"inside {s}" : requestPath > responsePath ? $"on the way from {c} to {s}" : $"on the way from {s} back to {c}";
            var conn = r.Connections.FirstOrDefault(m => m.Id == x.Connection);
            yield return new Finding
            {
                Id = "path.delay",
                Severity = Severity.Warning,
                Confidence = 0.85,
                Title = $"The {Seconds(total)} wait for a response was spent {where}",
                Explanation = inServer
                    ? $"The request reached {s} {Seconds(requestPath)} after {c} sent it, the response left {s} {Seconds(atServer)} later, " +
                      $"and reached {c} {Seconds(responsePath)} after that: the time went into the server (or whatever is behind {s})."
                    : $"The request reached {s} {Seconds(requestPath)} after {c} sent it and the response left {s} {Seconds(atServer)} later, " +
                      $"but it reached {c} only {Seconds(responsePath)} after that: the time was spent on the path, not in the server.",
                Evidence = evidence,
                Connections = conn is null ? [] : [.. conn.At.Select((a, p) => a is null ? null : $"{r.NameOf(p)} tcp.stream {a.Stream}: {a.Client} → {a.Server}").OfType<string>()],
                CannotTell = inServer ? "What the server was waiting for (disk, a back-end, a lock)." : "Which device on the path held the packets (a proxy, a shaper, a queue).",
                NextStep = inServer ? $"Look at the server's logs and its back-ends for this request." : $"Capture between {c} and {s} to find the device that holds the packets.",
            };
        }
    }

    private static string Seconds(long ns) => ns >= 1_000_000_000 || ns <= -1_000_000_000 ? $"{ns / 1e9:0.00} s"
        : ns >= 1_000_000 || ns <= -1_000_000 ? $"{ns / 1e6:0.0} ms" : $"{ns / 1e3:0} µs";

    private static IEnumerable<Finding> Notes(CorrelationResult r)
    {
        foreach (int p in r.Path.Skip(1))
        {
            var clock = r.Points[p].Clock;
            if (clock.Samples == 0) continue;
            string offset = Seconds(Math.Abs(clock.OffsetNs)) + (clock.OffsetNs >= 0 ? " ahead of" : " behind");
            string uncertainty = clock.UncertaintyNs < 0 ? "bounded on one side only" : $"± {Seconds(clock.UncertaintyNs)}";
            string drift = Math.Abs(clock.DriftPpm) >= 1 ? $", drifting {clock.DriftPpm:+0;-0} ppm" : "";
            yield return new Finding
            {
                Id = "path.clock",
                Severity = clock.Consistent ? Severity.Info : Severity.Warning,
                Confidence = clock.Consistent ? 0.9 : 0.5,
                Title = $"{r.NameOf(p)}'s clock is {offset} {r.NameOf(r.Path[0])}'s ({uncertainty}{drift})",
                Explanation = $"Estimated from {clock.Samples} segments seen at both points ({clock.Basis}); times in the verdicts and delays are corrected for it." +
                    (clock.Consistent ? "" : " The segments' times contradict each other (a segment seems to arrive before it left): one capture's timestamps are not taken where the packets pass, so delays on this hop are unreliable."),
                CannotTell = "The true offset within the uncertainty: hop delays smaller than it cannot be told apart.",
                NextStep = "Synchronise the capture hosts' clocks (NTP/PTP) for sharper delays.",
            };
        }
        if (r.ServerOpened is { } opened)
        {
            yield return new Finding
            {
                Id = "path.server-opened",
                Severity = Severity.Warning,
                Confidence = 0.7,
                Title = $"{opened.Count} connection{(opened.Count == 1 ? " was" : "s were")} opened from the {r.NameOf(r.Path[^1])} end of the path; their per-hop counts are turned round",
                Explanation = $"The path runs from {r.NameOf(r.Path[0])} (the side most connections were opened from) to {r.NameOf(r.Path[^1])}. " +
                    $"The opener of connection{(opened.Examples.Count == 1 ? "" : "s")} {string.Join(", ", opened.Examples)}{(opened.Count > opened.Examples.Count ? " …" : "")} " +
                    "sits beyond the other end: its packets lose TTL travelling the other way. Wirecase counts every connection's opener as being on the clients' side, " +
                    "so on these connections a segment lost on a hop is counted as appeared (and the reverse), and their delays go into the other direction.",
                CannotTell = "Which of the lost/appeared counts in the hop table come from these connections.",
                NextStep = $"Correlate these connections on their own (wirecase correlate --path {string.Join(",", r.Path.Reverse().Select(r.NameOf))} on captures filtered to them) to read their verdicts the right way round.",
            };
        }
        foreach (var m in r.NatMappings)
        {
            string how = m.Method switch
            {
                MatchMethod.InitialSequence => "matched by the SYN's initial sequence number",
                MatchMethod.Payload => "matched by the first payload bytes",
                _ => "matched by addresses",
            };
            yield return new Finding
            {
                Id = "path.nat",
                Severity = Severity.Info,
                Confidence = 0.9,
                Title = $"NAT between {r.NameOf(m.From)} and {r.NameOf(m.To)}: {m.Side} {m.Before} becomes {m.After}",
                Explanation = $"{m.Connections} connection{(m.Connections == 1 ? "" : "s")} had the {m.Side}'s address or port rewritten between the two points ({how}).",
            };
        }
        int proxied = r.Connections.Count(c => c.Proxied);
        if (proxied > 0)
            yield return new Finding
            {
                Id = "path.proxy",
                Severity = Severity.Info,
                Confidence = 0.8,
                Title = $"{proxied} connection{(proxied == 1 ? " is" : "s are")} terminated by a proxy on the path",
                Explanation = "Each side has its own handshake, sequence numbers and IP IDs, while the same payload crosses: a proxy accepts the client's connection and opens its own to the server. Only data is matched across it.",
            };
        int rewritten = r.Connections.Count(c => c.SequenceRewritten);
        if (rewritten > 0)
            yield return new Finding
            {
                Id = "path.sequence-rewritten",
                Severity = Severity.Info,
                Confidence = 0.8,
                Title = $"{rewritten} connection{(rewritten == 1 ? " has its" : "s have their")} sequence numbers rewritten on the path",
                Explanation = "The same SYN (same IP ID) crosses with another initial sequence number: a firewall randomises ISNs. Segments are matched by relative sequence numbers.",
            };
        var notCaptured = r.Verdicts.Where(v => v.Kind == VerdictKind.NotCaptured).GroupBy(v => v.To);
        foreach (var g in notCaptured)
            yield return new Finding
            {
                Id = "path.not-captured",
                Severity = Severity.Info,
                Confidence = 0.8,
                Title = $"{g.Count()} segment{(g.Count() == 1 ? "" : "s")} missing from {r.NameOf(g.Key)}'s capture only",
                Explanation = $"They were seen before and after {r.NameOf(g.Key)}, so they passed it: that capture missed them (drops in the capture, not in the network).",
            };
        foreach (var h in r.Hops)
            foreach (var (dir, fromClient) in new[] { (h.TowardServer, true), (h.TowardClient, false) })
            {
                string between = $"between {r.NameOf(fromClient ? h.From : h.To)} and {r.NameOf(fromClient ? h.To : h.From)}";
                if (dir.Duplicated > 0)
                    yield return HopNote("path.duplicated", Severity.Warning, dir.Duplicated, $"{Side(fromClient)} duplicated {between}",
                        "One copy left and two identical copies (same IP ID and TCP timestamp) arrived: a device or link duplicates packets (a mirror port, a loop, a bonding mistake).");
                if (dir.Reordered > 0)
                    yield return HopNote("path.reordered", Severity.Info, dir.Reordered, $"{Side(fromClient)} reordered {between}",
                        "They arrived in another order than they left: parallel paths or queues between the points. A few are harmless; many cause duplicate ACKs and needless retransmissions.");
            }
    }

    private static Finding HopNote(string id, Severity severity, long count, string what, string explanation) => new()
    {
        Id = id,
        Severity = severity,
        Confidence = 0.7,
        Title = $"{count} segment{(count == 1 ? "" : "s")} {what}",
        Explanation = explanation,
    };

    /// <summary>The change between two copies, in words: "+2 payload bytes", "ack −2", "payload bytes rewritten"…</summary>
    public static string ChangeText(SegmentVerdict v)
    {
        var parts = new List<string>();
        if ((v.Changes & SegmentDifference.Length) != 0)
            parts.Add(v.LengthAfter > v.Length ? $"+{v.LengthAfter - v.Length} payload bytes" : $"{v.LengthAfter - v.Length} payload bytes");
        if ((v.Changes & SegmentDifference.Payload) != 0) parts.Add("payload bytes rewritten");
        if ((v.Changes & SegmentDifference.Ack) != 0) parts.Add($"acknowledgment number {(v.AckShift >= 0 ? "+" : "")}{v.AckShift}");
        if ((v.Changes & SegmentDifference.Flags) != 0) parts.Add("TCP flags changed");
        if ((v.Changes & SegmentDifference.Mss) != 0) parts.Add("MSS option changed");
        if ((v.Changes & SegmentDifference.Window) != 0) parts.Add("window changed");
        return string.Join(", ", parts);
    }
}
