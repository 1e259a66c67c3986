namespace Wirecase.Cli.Tests;

/// <summary>-Y, --from/--to and --between-markers on the commands that read frames, and `write`'s errors.</summary>
public sealed class FilterOptionTests
{
    private static readonly string Fixtures = LabFixtures.Root;
    private static readonly string CaseA = Path.Combine(Fixtures, "case-a-stalled-data", "client.pcap");
    private static readonly string Markers = Path.Combine(Fixtures, "ping-markers", "client.pcap");

    private static long[] Numbers(CliResult r) => [.. r.Lines.Select(l => long.Parse(l.TrimStart().Split(' ')[0]))];

    [Fact]
    public void Packets_shows_the_frames_a_filter_selects()
    {
        var r = CliRunner.Run("packets", "-Y", "tcp.analysis.retransmission", CaseA);
        Assert.Equal(0, r.ExitCode);
        Assert.Equal([24, 25, 26, 27, 28, 29, 30, 31, 32, 33], Numbers(r));
        Assert.Equal([1, 2], Numbers(CliRunner.Run("packets", "--display-filter", "tcp.flags.syn == 1", CaseA)));
    }

    [Fact]
    public void A_bad_filter_is_a_usage_error_with_a_caret_and_a_suggestion()
    {
        var r = CliRunner.Run("packets", "-Y", "tcp.prot == 25", CaseA);
        Assert.Equal(2, r.ExitCode);
        Assert.Empty(r.Out);
        Assert.Equal(["wirecase: invalid display filter: \"tcp.prot\" is not a field Wirecase knows — did you mean tcp.port?", "    tcp.prot == 25", "    ^^^^^^^^"], r.ErrorLines);
        foreach (var command in new[] { "conv", "analyze" })
            Assert.Equal(2, CliRunner.Run(command, "-Y", "tcp.port ==", CaseA).ExitCode);
    }

    [Fact]
    public void Time_windows_take_relative_seconds_or_times()
    {
        Assert.Equal([30, 31, 32], Numbers(CliRunner.Run("packets", "--from", "1", "--to", "7", CaseA)));
        Assert.Equal([32], Numbers(CliRunner.Run("packets", "--from", "2026-11-30T05:28:13Z", "--to", "2026-11-30 05:28:14", CaseA)));
        var bad = CliRunner.Run("packets", "--from", "soon", CaseA);
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("--from 'soon' is neither seconds", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Markers_limit_the_frames_and_are_reported()
    {
        var r = CliRunner.Run("packets", "--between-markers", "22,33", Markers);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("between the markers at frame 3 and frame 9", r.Error, StringComparison.Ordinal);
        Assert.Equal(3, Numbers(r).First());
        Assert.True(Numbers(r).Last() <= 10);
        var missing = CliRunner.Run("packets", "--between-markers", "22,44", Markers);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no ICMP echo request with 44 bytes of data (the second marker)", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Conv_follow_and_analyze_report_the_matching_traffic_whole()
    {
        var conv = CliRunner.Run("conv", "tcp", "-Y", "tcp contains \"EHLO\"", CaseA);
        Assert.Contains("TCP conversations: 1", conv.Out, StringComparison.Ordinal);
        Assert.Contains("TCP conversations: 0", CliRunner.Run("conv", "tcp", "-Y", "icmp", CaseA).Out, StringComparison.Ordinal);

        var follow = CliRunner.Run("follow", "tcp", "-Y", "tcp contains \"EHLO\"", CaseA);
        Assert.Equal(0, follow.ExitCode);
        Assert.StartsWith("Follow TCP stream 0:", follow.Out, StringComparison.Ordinal);
        Assert.Equal(1, CliRunner.Run("follow", "tcp", "-Y", "icmp", CaseA).ExitCode);

        var analyze = CliRunner.Run("analyze", "-Y", "tcp.port == 25", CaseA);
        Assert.Contains("tcp.stalled-data", analyze.Out, StringComparison.Ordinal);
        var none = CliRunner.Run("analyze", "-Y", "icmp", CaseA);
        Assert.DoesNotContain("tcp.stalled-data", none.Out, StringComparison.Ordinal);
        Assert.Contains("finding(s) about traffic that does not match the filter not shown", none.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Findings_can_be_filtered_on()
    {
        var r = CliRunner.Run("packets", "-Y", "wirecase.finding contains \"tcp.stalled-data\"", CaseA);
        Assert.Equal(0, r.ExitCode);
        Assert.Contains(18L, Numbers(r));
        Assert.Contains(24L, Numbers(r));
        Assert.DoesNotContain(1L, Numbers(r));
    }

    [Fact]
    public void Connection_states_can_be_filtered_on()
    {
        var conv = CliRunner.Run("conv", "tcp", CaseA);
        string state = conv.Lines[^1].Split(' ', StringSplitOptions.RemoveEmptyEntries).First(w => w is "S0" or "S1" or "SF" or "REJ" or "RSTO" or "RSTR" or "SH" or "OTH" or "S2" or "S3" or "RSTOS0" or "RSTRH" or "SHR");
        Assert.Equal(33, Numbers(CliRunner.Run("packets", "-Y", $"wirecase.tcp.state == \"{state}\"", CaseA)).Length);
        Assert.Empty(CliRunner.Run("packets", "-Y", "wirecase.tcp.state == \"REJ\" and tcp.flags.syn == 1", CaseA).Lines);
    }

    [Fact]
    public void Write_refuses_what_it_cannot_do()
    {
        var dir = Directory.CreateTempSubdirectory("wirecase-write-cli-").FullName;
        try
        {
            Assert.Equal(2, CliRunner.Run("write", "-F", "pcapx", "-o", Path.Combine(dir, "a"), CaseA).ExitCode);
            Assert.Equal(2, CliRunner.Run("write", "-o", CaseA, CaseA).ExitCode);
            var missing = CliRunner.Run("write", "--finding", "tcp.no-such", "-o", Path.Combine(dir, "b.pcapng"), CaseA);
            Assert.Equal(1, missing.ExitCode);
            Assert.Empty(Directory.GetFiles(dir));
            var ok = CliRunner.Run("write", "-Y", "tcp.flags.syn == 1", "-o", Path.Combine(dir, "syn.pcap"), CaseA);
            Assert.Equal(0, ok.ExitCode);
            Assert.Contains("wrote 2 of 33 frames", ok.Error, StringComparison.Ordinal);
            Assert.Equal(2, Numbers(CliRunner.Run("packets", Path.Combine(dir, "syn.pcap"))).Length);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

}
