using Wirecase.Correlation.Matching;
using Wirecase.Correlation.Points;
using Wirecase.Correlation.Results;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Paths;

namespace Wirecase.Correlation.Tests;

/// <summary>The lab's multi-point scenarios (lab/fixtures) give the verdicts an engineer comparing them by hand would.</summary>
public sealed class LabCorrelationTests
{
    private static (CorrelationResult Result, List<Finding> Findings) Correlate(params string[] files)
    {
        var plan = CapturePointPlanner.Plan(files);
        var result = Correlator.Run(plan);
        return (result, PathDiagnoser.Diagnose(result));
    }

    private static string[] Points(CorrelationResult r) => [.. r.Path.Select(r.NameOf)];

    [Fact]
    public void Case_A_the_large_segments_are_lost_between_client_and_firewall_and_small_ones_pass()
    {
        var (r, findings) = Correlate(Captures.Lab("case-a-stalled-data", "client.pcap"), Captures.Lab("case-a-stalled-data", "fw-out.pcap"));
        Assert.Equal(["client", "fw-out"], Points(r));
        var lost = Assert.Single(findings, f => f.Id == "path.lost");
        Assert.Contains("lost between client and fw-out", lost.Title);
        Assert.Contains("the loss depends on size", lost.Explanation);
        Assert.Contains(lost.Evidence, e => e.File == "client.pcap" && e.Frame == 18);
        Assert.All(r.Verdicts.Where(v => v.Kind == VerdictKind.Lost), v => Assert.True(v.FromClient && v.Length == 1448));
        Assert.Equal(0, r.Hops[0].TowardClient.Lost);
        Assert.DoesNotContain(findings, f => f.Id is "path.appeared" or "path.modified");
    }

    [Fact]
    public void Case_A_gives_the_same_verdicts_when_one_clock_is_off_by_seconds()
    {
        string shifted = Captures.Reclocked(Captures.Lab("case-a-stalled-data", "fw-out.pcap"), 3.7, 0, "fw-out.pcap");
        var (r, findings) = Correlate(Captures.Lab("case-a-stalled-data", "client.pcap"), shifted);
        Assert.Equal(2, r.Points.Count);
        var clock = r.Points[1].Clock;
        Assert.InRange(clock.OffsetNs, 3_699_900_000, 3_700_100_000);
        Assert.InRange(clock.UncertaintyNs, 0, 100_000);
        var lost = Assert.Single(findings, f => f.Id == "path.lost");
        Assert.Contains(lost.Evidence, e => e.File == "client.pcap" && e.Frame == 18);
        Assert.InRange(r.Hops[0].TowardServer.DelayMedianNs!.Value, 0, 1_000_000);
    }

    [Fact]
    public void Case_C_every_segment_passed_every_point_so_the_stale_ACK_came_from_the_server()
    {
        string[] files = [.. new[] { "client", "fw-in", "fw-out", "server" }.Select(p => Captures.Lab("case-c-half-open", p + ".pcap"))];
        var (r, findings) = Correlate(files);
        Assert.Equal(["client", "fw-in", "fw-out", "server"], Points(r));
        Assert.Contains(findings, f => f.Id == "path.clean");
        Assert.DoesNotContain(findings, f => f.Severity >= Severity.Warning);
        Assert.All(r.Hops, h => Assert.Equal(0, h.TowardServer.Lost + h.TowardClient.Lost + h.TowardServer.Appeared + h.TowardClient.Appeared));
    }

    [Fact]
    public void Case_C_with_a_clock_shifted_and_drifting_keeps_its_verdicts_and_measures_the_drift()
    {
        string drifting = Captures.Reclocked(Captures.Lab("case-c-half-open", "fw-out.pcap"), 3.7, 300, "fw-out.pcap");
        string[] files = [Captures.Lab("case-c-half-open", "client.pcap"), Captures.Lab("case-c-half-open", "fw-in.pcap"), drifting,
            Captures.Lab("case-c-half-open", "server.pcap")];
        var plan = CapturePointPlanner.Plan(files);
        Assert.Equal(4, plan.Points.Count); // not a ring buffer, though fw-out now starts after client ended
        var r = Correlator.Run(plan);
        var findings = PathDiagnoser.Diagnose(r);
        int fwOut = r.Path[2];
        Assert.Equal("fw-out", r.NameOf(fwOut));
        Assert.InRange(r.Points[fwOut].Clock.OffsetNs, 3_699_000_000, 3_701_000_000);
        Assert.InRange(r.Points[fwOut].Clock.DriftPpm, 200, 400);
        Assert.Contains(findings, f => f.Id == "path.clean");
    }

    [Fact]
    public void Case_D_the_SYN_ACK_gained_two_bytes_between_the_firewall_and_the_client_and_the_NAT_is_found_by_ISN()
    {
        string[] files = [.. new[] { "client", "fw-in", "fw-out" }.Select(p => Captures.Lab("case-d-synack-payload", p + ".pcap"))];
        var (r, findings) = Correlate(files);
        Assert.Equal(["client", "fw-in", "fw-out"], Points(r));
        var modified = Assert.Single(findings, f => f.Id == "path.modified" && f.Title.StartsWith("SYN-ACK", StringComparison.Ordinal));
        Assert.Equal("SYN-ACK gained 2 payload bytes between fw-in and client", modified.Title);
        Assert.Contains(modified.Evidence, e => e.File == "client.pcap" && e.Frame == 2);
        var nat = Assert.Single(r.NatMappings);
        Assert.Equal(("fw-in", "fw-out", "198.18.1.2:35500", "198.18.2.1:35500", MatchMethod.InitialSequence),
            (r.NameOf(nat.From), r.NameOf(nat.To), nat.Before, nat.After, nat.Method));
        // The crafted client view keeps physical times (it sends before fw-in sees, receives after): causality holds.
        Assert.All(r.Points, p => Assert.True(p.Clock.Consistent, p.Name));
        Assert.All(r.Points, p => Assert.InRange(Math.Abs(p.Clock.OffsetNs), 0, 50_000));
    }

    [Fact]
    public void Slow_server_the_wait_is_inside_the_server()
    {
        var (_, findings) = Correlate(Captures.Lab("slow-server", "client.pcap"), Captures.Lab("slow-server", "server.pcap"));
        var delay = Assert.Single(findings, f => f.Id == "path.delay");
        Assert.Contains("spent inside server", delay.Title);
        Assert.Contains(delay.Evidence, e => e.File == "server.pcap" && e.Frame == 6);
    }

    [Fact]
    public void Slow_path_the_response_left_the_server_at_once_and_spent_the_time_on_the_way_through_a_proxy()
    {
        var (r, findings) = Correlate(Captures.Lab("slow-path", "client.pcap"), Captures.Lab("slow-path", "server.pcap"));
        var delay = Assert.Single(findings, f => f.Id == "path.delay");
        Assert.Contains("on the way from server back to client", delay.Title);
        Assert.Contains(findings, f => f.Id == "path.proxy");
        Assert.True(Assert.Single(r.Connections).Proxied);
        Assert.DoesNotContain(findings, f => f.Id is "path.lost" or "path.appeared");
    }

    [Fact]
    public void A_ring_buffer_set_is_one_point_and_simultaneous_captures_are_several()
    {
        var ring = Directory.GetFiles(Path.Combine(Captures.Root, "lab", "fixtures", "ring-buffer"), "*.pcap").Order().ToList();
        var plan = CapturePointPlanner.Plan(ring);
        Assert.Equal(ring.Count, Assert.Single(plan.Points).Files.Count);
        var two = CapturePointPlanner.Plan([Captures.Lab("slow-server", "client.pcap"), Captures.Lab("slow-server", "server.pcap")]);
        Assert.Equal(["client", "server"], two.Points.Select(p => p.Name));
    }
}
