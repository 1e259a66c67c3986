using System.Text;
using System.Text.Json;
using Wirecase.TestKit;

namespace Wirecase.Cli.Tests;

public sealed class ConvAndFollowTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    /// <summary>An SMTP-like exchange with one retransmission, then a second connection that is refused.</summary>
    private string Capture()
    {
        var c = FrameBuilder.Create().Addresses("192.0.2.1", "198.51.100.7");
        var s = FrameBuilder.Create().Addresses("198.51.100.7", "192.0.2.1");
        var w = new PcapWriter()
            .Add(0, c.Tcp(40000, 25, 100, 0, 0x02))
            .Add(1_000_000, s.Tcp(25, 40000, 900, 101, 0x12))
            .Add(2_000_000, c.Tcp(40000, 25, 101, 901, 0x10))
            .Add(3_000_000, s.Tcp(25, 40000, 901, 101, 0x18, payload: Encoding.ASCII.GetBytes("220 ready\r\n")))
            .Add(4_000_000, c.Tcp(40000, 25, 101, 912, 0x18, payload: Encoding.ASCII.GetBytes("QUIT\r\n")))
            .Add(400_000_000, c.Tcp(40000, 25, 101, 912, 0x18, payload: Encoding.ASCII.GetBytes("QUIT\r\n")))
            .Add(401_000_000, s.Tcp(25, 40000, 912, 107, 0x11))
            .Add(402_000_000, c.Tcp(40000, 25, 107, 913, 0x11))
            .Add(403_000_000, s.Tcp(25, 40000, 913, 108, 0x10))
            .Add(500_000_000, c.Tcp(40001, 25, 5000, 0, 0x02))
            .Add(501_000_000, s.Tcp(25, 40001, 0, 5001, 0x14));
        return _dir.Write("smtp.pcap", w.ToArray());
    }

    [Fact]
    public void Conv_json_has_counts_state_and_retransmissions()
    {
        var r = CliRunner.Run("conv", "tcp", "--json", "--sort", "stream", Capture());
        Assert.Equal(0, r.ExitCode);
        var rows = r.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(2, rows.Count);
        var first = rows[0];
        Assert.Equal("192.0.2.1", first.GetProperty("addressA").GetString());
        Assert.Equal(5, first.GetProperty("framesAToB").GetInt64());
        Assert.Equal(4, first.GetProperty("framesBToA").GetInt64());
        Assert.Equal("SF", first.GetProperty("state").GetString());
        Assert.Equal(1, first.GetProperty("retransmissionsAToB").GetInt64());
        Assert.Equal(0.002, first.GetProperty("initialRtt").GetDouble(), 6);
        Assert.Equal("REJ", rows[1].GetProperty("state").GetString());
    }

    [Fact]
    public void Conv_text_is_a_table_and_udp_and_ip_work()
    {
        string path = Capture();
        var tcp = CliRunner.Run("conv", path);
        Assert.Contains("TCP conversations: 2", tcp.Out);
        Assert.Contains("192.0.2.1:40000 <-> 198.51.100.7:25", tcp.Out);
        var ip = CliRunner.Run("conv", "ip", "--json", path);
        var row = JsonDocument.Parse(Assert.Single(ip.Lines)).RootElement;
        Assert.Equal(11, row.GetProperty("frames").GetInt64());
    }

    [Fact]
    public void Follow_shows_both_directions_in_order()
    {
        var r = CliRunner.Run("follow", "tcp", "0", Capture());
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("==== 198.51.100.7:25 -> 192.0.2.1:40000 (frame 4, offset 0)\n220 ready", r.Out.Replace("\r\n", "\n"));
        Assert.Contains("QUIT", r.Out);
        Assert.Equal(1, r.Out.Split("QUIT").Length - 1);   // the retransmitted copy is not shown twice
        Assert.Contains("state SF", r.Out);
    }

    [Fact]
    public void Follow_by_endpoints_and_a_missing_stream()
    {
        string path = Capture();
        var byPair = CliRunner.Run("follow", "tcp", "198.51.100.7:25,192.0.2.1:40000", path);
        Assert.Contains("Follow TCP stream 0", byPair.Out);
        var missing = CliRunner.Run("follow", "tcp", "9", path);
        Assert.Equal(1, missing.ExitCode);
        Assert.Contains("no TCP stream 9", missing.Error);
    }

    [Fact]
    public void Packets_show_analysis_in_wiresharks_words_and_json()
    {
        string path = Capture();
        var text = CliRunner.Run("packets", path);
        Assert.Contains("[TCP Retransmission] 40000 → 25 [PSH, ACK]", text.Lines[5]);
        var json = CliRunner.Run("packets", "--json", "--frames", "6", path);
        var tcp = JsonDocument.Parse(Assert.Single(json.Lines)).RootElement.GetProperty("tcp");
        Assert.Equal(0, tcp.GetProperty("stream").GetInt32());
        Assert.Equal("tcp.analysis.retransmission", tcp.GetProperty("analysis")[0].GetString());
        Assert.Equal(1u, tcp.GetProperty("relSeq").GetUInt32());
        Assert.Equal(0.396, tcp.GetProperty("rto").GetDouble(), 6);
    }
}
