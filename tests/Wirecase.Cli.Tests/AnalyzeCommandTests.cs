using System.Text.Json;
using Wirecase.TestKit;

namespace Wirecase.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    /// <summary>A SYN refused with RST: one finding.</summary>
    private string Refused()
    {
        var c = FrameBuilder.Create().Addresses("192.0.2.10", "198.51.100.30");
        var s = FrameBuilder.Create().Addresses("198.51.100.30", "192.0.2.10");
        var w = new PcapWriter().Add(1_700_000_000_000_000_000, c.Tcp(40000, 8080, 100, 0, 0x02))
            .Add(1_700_000_000_001_000_000, s.Tcp(8080, 40000, 0, 101, 0x14));
        return _dir.Write("refused.pcap", w.ToArray());
    }

    [Fact]
    public void Json_has_the_documented_finding_fields()
    {
        var r = CliRunner.Run("analyze", "--json", Refused());
        Assert.Equal(0, r.ExitCode);
        var root = JsonDocument.Parse(r.Out).RootElement;
        Assert.Equal("wirecase.analysis/1", root.GetProperty("schema").GetString());
        var f = root.GetProperty("findings")[0];
        Assert.Equal("tcp.rejected", f.GetProperty("id").GetString());
        Assert.Equal("warning", f.GetProperty("severity").GetString());
        foreach (var field in new[] { "confidence", "title", "explanation", "evidence", "connections", "cannotTell", "nextStep" })
            Assert.True(f.TryGetProperty(field, out _), field);
        Assert.Equal(1, f.GetProperty("evidence")[0].GetProperty("frame").GetInt64());
    }

    [Fact]
    public void Text_names_the_problem_and_its_frames()
    {
        var r = CliRunner.Run("analyze", Refused());
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("1 problem found", r.Out, StringComparison.Ordinal);
        Assert.Contains("refused with RST", r.Out, StringComparison.Ordinal);
        Assert.Contains("evidence: frame 1:", r.Out, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_markers_and_bad_marker_sizes_are_clear_errors()
    {
        var missing = CliRunner.Run("analyze", "--between-markers", "22,33", Refused());
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no ICMP echo request with 22 bytes of data (the first marker)", missing.Error, StringComparison.Ordinal);
        var bad = CliRunner.Run("analyze", "--between-markers", "22", Refused());
        Assert.Equal(2, bad.ExitCode);
        Assert.Contains("two ICMP data sizes", bad.Error, StringComparison.Ordinal);
    }
}
