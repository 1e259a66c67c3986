using System.Text.Json;

namespace Wirecase.Cli.Tests;

/// <summary>`analyze` and `correlate` given captures from several points (the lab's fixtures).</summary>
public sealed class SeveralPointsTests
{
    private static readonly string Fixtures = LabFixtures.Root;

    private static string Lab(string scenario, string file) => Path.Combine(Fixtures, scenario, file);

    private static string[] CaseD => [Lab("case-d-synack-payload", "client.pcap"), Lab("case-d-synack-payload", "fw-in.pcap"), Lab("case-d-synack-payload", "fw-out.pcap")];

    [Fact]
    public void Analyze_of_several_points_adds_the_path_findings_to_each_points_own()
    {
        var r = CliRunner.Run(["analyze", "--json", .. CaseD]);
        Assert.Equal(0, r.ExitCode);
        var root = JsonDocument.Parse(r.Out).RootElement;
        var ids = root.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()).ToList();
        Assert.Contains("tcp.synack-payload", ids);
        Assert.Contains("path.modified", ids);
        Assert.Contains("path.nat", ids);
        var modified = root.GetProperty("findings").EnumerateArray().First(f => f.GetProperty("id").GetString() == "path.modified");
        Assert.Equal("SYN-ACK gained 2 payload bytes between fw-in and client", modified.GetProperty("title").GetString());
        var correlation = root.GetProperty("correlation");
        Assert.Equal(["client", "fw-in", "fw-out"], correlation.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
        Assert.Equal(3, root.GetProperty("captures").GetArrayLength());
    }

    [Fact]
    public void Analyze_text_shows_the_hop_table_and_ranks_path_and_point_findings_together()
    {
        var r = CliRunner.Run(["analyze", Lab("case-a-stalled-data", "client.pcap"), Lab("case-a-stalled-data", "fw-out.pcap")]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("matched packet by packet", r.Out, StringComparison.Ordinal);
        Assert.Contains("client → fw-out", r.Out, StringComparison.Ordinal);
        int lost = r.Out.IndexOf("lost between client and fw-out", StringComparison.Ordinal);
        int clock = r.Out.IndexOf("[INFO] fw-out's clock", StringComparison.Ordinal);
        Assert.True(lost > 0 && clock > lost, "the error comes before the note");
    }

    [Fact]
    public void Analyze_of_one_ring_buffer_does_not_correlate()
    {
        var files = Directory.GetFiles(Path.Combine(Fixtures, "ring-buffer"), "*.pcap").Order(StringComparer.Ordinal).ToArray();
        var r = CliRunner.Run(["analyze", "--json", .. files]);
        Assert.Equal(0, r.ExitCode);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.False(root.TryGetProperty("correlation", out _));
        Assert.DoesNotContain(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("id").GetString()!.StartsWith("path.", StringComparison.Ordinal));
    }

    [Fact]
    public void Named_points_and_their_path_order_are_used_by_both_commands()
    {
        string[] args = ["--point", "inside=" + CaseD[1], "--point", "laptop=" + CaseD[0], "--point", "outside=" + CaseD[2], "--path", "laptop,inside,outside", "--json"];
        foreach (var command in new[] { "analyze", "correlate" })
        {
            var r = CliRunner.Run([command, .. args]);
            Assert.Equal(0, r.ExitCode);
            var root = JsonDocument.Parse(r.Out).RootElement;
            var body = command == "analyze" ? root.GetProperty("correlation") : root;
            Assert.Equal(["laptop", "inside", "outside"], body.GetProperty("path").EnumerateArray().Select(p => p.GetString()));
            Assert.Contains(root.GetProperty("findings").EnumerateArray(), f => f.GetProperty("title").GetString() == "SYN-ACK gained 2 payload bytes between inside and laptop");
        }
    }

    [Fact]
    public void Correlate_explains_what_it_cannot_do()
    {
        var one = CliRunner.Run("correlate", CaseD[0]);
        Assert.Equal(2, one.ExitCode);
        Assert.Contains("at least two points", one.Error, StringComparison.Ordinal);
        var ring = CliRunner.Run(["correlate", .. Directory.GetFiles(Path.Combine(Fixtures, "ring-buffer"), "*.pcap").Order(StringComparer.Ordinal)]);
        Assert.Equal(2, ring.ExitCode);
        Assert.Contains("one capture point", ring.Error, StringComparison.Ordinal);
        var path = CliRunner.Run(["correlate", "--path", "client,router", .. CaseD]);
        Assert.NotEqual(0, path.ExitCode);
        Assert.Contains("--path names 'router', which is not a point", path.Error, StringComparison.Ordinal);
        var point = CliRunner.Run(["correlate", "--point", "client", .. CaseD]);
        Assert.Equal(2, point.ExitCode);
        Assert.Contains("NAME=FILE", point.Error, StringComparison.Ordinal);
        var missing = CliRunner.Run("correlate", CaseD[0], Path.Combine(Fixtures, "no-such.pcap"));
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no-such.pcap", missing.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Correlate_text_has_points_hops_findings_and_the_ladder_the_findings_cite()
    {
        var r = CliRunner.Run(["correlate", .. CaseD]);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("Capture points, from the clients' side", r.Out, StringComparison.Ordinal);
        Assert.Contains("client 198.18.1.2:35500 becomes 198.18.2.1:35500", r.Out, StringComparison.Ordinal);
        Assert.Contains("Ladder of connection 0", r.Out, StringComparison.Ordinal);
        Assert.Contains("changed fw-in→client: +2 payload bytes", r.Out, StringComparison.Ordinal);
    }

}
