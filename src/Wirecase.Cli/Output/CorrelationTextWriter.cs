using System.Globalization;
using Wirecase.Correlation.Matching;
using Wirecase.Correlation.Results;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Paths;

namespace Wirecase.Cli.Output;

/// <summary>The text report of `wirecase correlate`: points and clocks, NAT, the per-hop table, findings, ladders.</summary>
internal static class CorrelationTextWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private const int LadderRows = 120;

    public static void Write(TextWriter w, CorrelationResult r, IReadOnlyList<Finding> findings, string ladder)
    {
        WritePath(w, r);
        w.WriteLine();
        AnalysisTextWriter.WriteFindings(w, findings);
        var chosen = Ladders(r, findings, ladder);
        foreach (var c in chosen) WriteLadder(w, r, c);
        if (r.VerdictsDropped > 0) w.WriteLine($"\n({r.VerdictsDropped.ToString(Inv)} further verdicts not listed)");
    }

    /// <summary>The points with their clocks, the address translations and the per-hop table (also in `analyze`).</summary>
    public static void WritePath(TextWriter w, CorrelationResult r)
    {
        w.WriteLine($"Capture points, from the clients' side ({r.PathBasis}): {string.Join(" → ", r.Path.Select(r.NameOf))}");
        int nameWidth = Math.Max(6, r.Points.Max(p => p.Name.Length));
        foreach (int p in r.Path)
        {
            var s = r.Points[p];
            string files = string.Join(",", s.Files.Select(Path.GetFileName));
            w.WriteLine($"  {s.Name.PadRight(nameWidth)}  {files}: {s.Frames.ToString(Inv)} frames, {s.TcpSegments.ToString(Inv)} TCP segments, " +
                        $"{s.Connections.ToString(Inv)} connections; clock {Clock(s.Clock, p == r.Path[0])}");
        }
        foreach (var note in r.Plan.Notes) w.WriteLine($"  note: {note}");
        if (r.NatMappings.Count > 0)
        {
            w.WriteLine();
            w.WriteLine("Address translation:");
            foreach (var m in r.NatMappings)
                w.WriteLine($"  {r.NameOf(m.From)} → {r.NameOf(m.To)}: {m.Side} {m.Before} becomes {m.After} ({m.Connections} connection{(m.Connections == 1 ? "" : "s")}, matched by {Method(m.Method)})");
        }
        w.WriteLine();
        w.WriteLine("Hops (segments per direction of travel; delays corrected for the clocks):");
        w.WriteLine($"  {"hop",-28} {"direction",-14} {"passed",8} {"lost",6} {"appeared",8} {"changed",7} {"dup",5} {"reord",5}  delay median / p99");
        foreach (var h in r.Hops)
        {
            string hop = $"{r.NameOf(h.From)} → {r.NameOf(h.To)}";
            Row(w, hop, "to server", h.TowardServer);
            Row(w, "", "to client", h.TowardClient);
        }
    }

    private static void Row(TextWriter w, string hop, string direction, HopDirection d)
    {
        string delay = d.DelayMedianNs is { } m ? $"{Duration(m)} / {Duration(d.DelayP99Ns ?? m)}" : "-";
        w.WriteLine($"  {hop,-28} {direction,-14} {d.Passed,8} {d.Lost,6} {d.Appeared,8} {d.Modified,7} {d.Duplicated,5} {d.Reordered,5}  {delay}");
    }

    private static string Clock(ClockEstimate c, bool reference)
    {
        if (reference) return "is the reference";
        if (c.Samples == 0) return "unknown (no segment seen at its neighbour)";
        string sign = c.OffsetNs >= 0 ? "+" : "-";
        string u = c.UncertaintyNs < 0 ? " (one-sided)" : $" ± {Duration(c.UncertaintyNs)}";
        string drift = Math.Abs(c.DriftPpm) >= 1 ? $", drift {c.DriftPpm.ToString("+0;-0", Inv)} ppm" : "";
        return $"{sign}{Duration(Math.Abs(c.OffsetNs))}{u}{drift}{(c.Consistent ? "" : " (inconsistent times)")}";
    }

    private static string Method(MatchMethod m) => m switch
    {
        MatchMethod.InitialSequence => "initial sequence number",
        MatchMethod.Payload => "payload",
        _ => "addresses",
    };

    public static string Duration(long ns) => Math.Abs(ns) >= 1_000_000_000 ? (ns / 1e9).ToString("0.000", Inv) + " s"
        : Math.Abs(ns) >= 1_000_000 ? (ns / 1e6).ToString("0.00", Inv) + " ms"
        : (ns / 1e3).ToString("0", Inv) + " µs";

    private static List<MatchedConnection> Ladders(CorrelationResult r, IReadOnlyList<Finding> findings, string ladder)
    {
        switch (ladder)
        {
            case "none": return [];
            case "all": return [.. r.Connections];
            case "problems": return [.. r.Connections.Where(c => c.Anomalies > 0)];
            case "findings":
                var cited = new HashSet<int>(r.Verdicts.Where(v => v.Kind is VerdictKind.Lost or VerdictKind.Appeared or VerdictKind.Modified)
                    .Select(v => v.Connection));
                foreach (var x in r.SlowExchanges) cited.Add(x.Connection);
                return [.. r.Connections.Where(c => cited.Contains(c.Id)).Take(3)];
            default:
                var ids = ladder.Split(',').Select(s => int.TryParse(s, out int i) ? i : -1).ToHashSet();
                return [.. r.Connections.Where(c => ids.Contains(c.Id))];
        }
    }

    private static void WriteLadder(TextWriter w, CorrelationResult r, MatchedConnection c)
    {
        w.WriteLine();
        var at = r.Path.Where(p => c.At[p] is not null).Select(p => $"{r.NameOf(p)} tcp.stream {c.At[p]!.Stream} {c.At[p]!.Client} → {c.At[p]!.Server}");
        w.WriteLine($"Ladder of connection {c.Id}{(c.Proxied ? " (proxied: data only)" : "")}: {string.Join("; ", at)}");
        if (c.Ladder is null || c.Ladder.Count == 0)
        {
            w.WriteLine("  (not kept: ladder limit reached)");
            return;
        }
        long start = c.Ladder.Select(row => row.TimesNs.Where(t => t is not null).Min() ?? 0).Min();
        var header = new System.Text.StringBuilder($"  {"time (s)",10}");
        foreach (int p in r.Path) header.Append("  ").Append(r.NameOf(p).PadRight(12));
        w.WriteLine(header.Append("  segment").ToString());
        foreach (var row in c.Ladder.Take(LadderRows))
        {
            long t = row.TimesNs.Where(x => x is not null).Min() ?? start;
            var line = new System.Text.StringBuilder($"  {((t - start) / 1e9).ToString("0.000000", Inv),10}");
            foreach (int p in r.Path)
            {
                string cell = row.Frames[p] is { } f ? (row.FromClient ? $"{CorrelationResult.FrameLabel(f)} →" : $"← {CorrelationResult.FrameLabel(f)}") : "  ✗";
                line.Append("  ").Append(cell.PadRight(12));
            }
            line.Append("  ").Append(Segment(row));
            if (row.Verdicts.Count > 0) line.Append("   ").Append(string.Join("; ", row.Verdicts.Select(v => Note(r, v))));
            w.WriteLine(line.ToString());
        }
        if (c.Ladder.Count > LadderRows || c.LadderDropped > 0)
            w.WriteLine($"  … {c.Ladder.Count - Math.Min(LadderRows, c.Ladder.Count) + c.LadderDropped} more segments");
    }

    /// <summary>What happened to a ladder row's segment on one hop, in a few words.</summary>
    private static string Note(CorrelationResult r, SegmentVerdict v)
    {
        string hop = $"{r.NameOf(v.From)}→{r.NameOf(v.To)}";
        return v.Kind switch
        {
            VerdictKind.Lost => $"lost {hop}",
            VerdictKind.Appeared => $"appeared {hop}",
            VerdictKind.NotCaptured => $"not captured at {r.NameOf(v.To)}",
            VerdictKind.Duplicated => $"duplicated {hop}",
            VerdictKind.Reordered => $"reordered {hop}",
            _ => $"changed {hop}: {PathDiagnoser.ChangeText(v)}",
        };
    }

    private static string Segment(LadderRow row)
    {
        string kind = row.Segment switch
        {
            SegmentKind.Syn => "SYN",
            SegmentKind.SynAck => "SYN-ACK",
            SegmentKind.Rst => "RST",
            SegmentKind.Fin => "FIN",
            SegmentKind.Data => "data",
            _ => "ACK",
        };
        return $"{kind} seq={row.Seq} ack={row.Ack} len={row.Length}";
    }
}
