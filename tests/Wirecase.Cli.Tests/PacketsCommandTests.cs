using System.Text.Json;
using Wirecase.TestKit;

namespace Wirecase.Cli.Tests;

public sealed class PacketsCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Handshake()
    {
        var c = FrameBuilder.Create().Addresses("192.0.2.10", "203.0.113.5");
        var s = FrameBuilder.Create().Addresses("203.0.113.5", "192.0.2.10");
        byte[] mss = [2, 4, 5, 0xB4, 4, 2, 1, 3, 3, 7];
        var w = new PcapWriter()
            .Add(1_000_000_000, c.Tcp(50183, 443, 367515135, 0, 0x02, 8192, mss))
            .Add(1_250_000_000, s.Tcp(443, 50183, 2180033885, 367515136, 0x12, 64240, mss))
            .Add(1_500_000_000, c.Tcp(50183, 443, 367515136, 2180033886, 0x10, 8192));
        return _dir.Write("handshake.pcap", w.ToArray());
    }

    [Fact]
    public void One_line_a_frame_like_tshark()
    {
        var r = CliRunner.Run("packets", Handshake());
        Assert.Equal(0, r.ExitCode);
        Assert.Equal(3, r.Lines.Length);
        Assert.Equal("     1     0.000000 192.0.2.10 → 203.0.113.5 TCP 66 50183 → 443 [SYN] Seq=367515135 Win=8192 Len=0 MSS=1460 SACK_PERM WS=128", r.Lines[0]);
        Assert.Contains("[SYN, ACK] Seq=2180033885 Ack=367515136 Win=64240", r.Lines[1]);
        Assert.StartsWith("     3     0.500000 ", r.Lines[2]);
    }

    [Fact]
    public void Json_lines_carry_the_frame_number_and_fields()
    {
        var r = CliRunner.Run("packets", "--json", Handshake());
        var frames = r.Lines.Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal([1L, 2L, 3L], frames.Select(f => f.GetProperty("number").GetInt64()));
        var syn = frames[0];
        Assert.Equal(66, syn.GetProperty("length").GetInt32());
        Assert.Equal(66, syn.GetProperty("capturedLength").GetInt32());
        Assert.Equal("192.0.2.10", syn.GetProperty("src").GetString());
        Assert.Equal(443, syn.GetProperty("dstPort").GetInt32());
        Assert.Equal("TCP", syn.GetProperty("protocol").GetString());
        Assert.Equal(367515135u, syn.GetProperty("tcp").GetProperty("seq").GetUInt32());
        Assert.Equal(1460, syn.GetProperty("tcp").GetProperty("mss").GetInt32());
        Assert.Equal(0.25, frames[1].GetProperty("time").GetDouble(), 6);
    }

    [Theory]
    [InlineData(new[] { "-c", "2" }, new long[] { 1, 2 })]
    [InlineData(new[] { "--frames", "2-3" }, new long[] { 2, 3 })]
    [InlineData(new[] { "--frames", "3-" }, new long[] { 3 })]
    [InlineData(new[] { "--frames", "2", "-c", "5" }, new long[] { 2 })]
    public void Count_and_frame_ranges(string[] options, long[] expected)
    {
        var r = CliRunner.Run(["packets", "--json", .. options, Handshake()]);
        Assert.Equal(expected, r.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("number").GetInt64()));
    }

    [Fact]
    public void A_bad_frame_range_is_a_usage_error()
    {
        var r = CliRunner.Run("packets", "--frames", "9-3", Handshake());
        Assert.Equal(2, r.ExitCode);
        Assert.Contains("not a frame range", r.Error);
    }

    [Fact]
    public void Several_files_are_merged_and_numbered_per_file()
    {
        var a = _dir.Write("a.pcap", new PcapWriter().Add(1_000, FrameBuilder.Create().Udp(1, 2, [1])).Add(3_000, FrameBuilder.Create().Udp(1, 2, [3])).ToArray());
        var b = _dir.Write("b.pcap", new PcapWriter().Add(2_000, FrameBuilder.Create().Udp(1, 2, [2])).ToArray());
        var r = CliRunner.Run("packets", a, b);
        Assert.Equal(["a.pcap#1", "b.pcap#1", "a.pcap#2"], r.Lines.Select(l => l.Split(' ')[0]));
    }
}
