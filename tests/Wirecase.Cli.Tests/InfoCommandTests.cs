using System.Text.Json;
using Wirecase.TestKit;

namespace Wirecase.Cli.Tests;

public sealed class InfoCommandTests : IDisposable
{
    private readonly TempDir _dir = new();
    public void Dispose() => _dir.Dispose();

    private string Sample()
    {
        var b = FrameBuilder.Create();
        var w = new PcapngWriter(comment: "lab run").Interface(1, snapLength: 100, name: "veth0")
            .Packet(0, 1_700_000_000_000_000UL, b.Tcp(40000, 25, 1, 0, 0x02))
            .Packet(0, 1_700_000_000_500_000UL, b.Tcp(40000, 25, 2, 0, 0x10, payload: new byte[200]).AsSpan(0, 100), originalLength: 254, dropCount: 2)
            .Statistics(0, 1_700_000_001_000_000UL, 10, 1, 3);
        return _dir.Write("sample.pcapng", w.ToArray());
    }

    [Fact]
    public void Json_has_the_documented_fields()
    {
        var r = CliRunner.Run("info", "--json", Sample());
        Assert.Equal(0, r.ExitCode);
        using var doc = JsonDocument.Parse(Assert.Single(r.Lines));
        var j = doc.RootElement;
        Assert.Equal("wirecase.info/1", j.GetProperty("schema").GetString());
        Assert.EndsWith("sample.pcapng", j.GetProperty("file").GetString());
        Assert.Equal("pcapng", j.GetProperty("format").GetString());
        Assert.Equal(2, j.GetProperty("packets").GetInt64());
        Assert.Equal(54 + 254, j.GetProperty("bytes").GetInt64());
        Assert.Equal("2023-11-14T22:13:20.000000000Z", j.GetProperty("first").GetProperty("utc").GetString());
        Assert.Equal("1700000000.500000000", j.GetProperty("last").GetProperty("epoch").GetString());
        Assert.Equal(1, j.GetProperty("truncatedFrames").GetInt64());
        Assert.Equal(1, j.GetProperty("interfaces")[0].GetProperty("linkType").GetInt32());
        Assert.Equal("veth0", j.GetProperty("interfaces")[0].GetProperty("name").GetString());
        var drops = j.GetProperty("drops");
        Assert.Equal(1, drops.GetProperty("interface").GetInt64());
        Assert.Equal(3, drops.GetProperty("os").GetInt64());
        Assert.Equal(2, drops.GetProperty("betweenPackets").GetInt64());
        Assert.Equal("lab run", j.GetProperty("comments")[0].GetString());
        Assert.Equal(2, j.GetProperty("decode").GetProperty("tcp").GetInt64());
    }

    [Fact]
    public void Text_reads_like_capinfos()
    {
        var r = CliRunner.Run("info", Sample());
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("File type:             pcapng version 1.0, little-endian", r.Out);
        Assert.Contains("Packets:               2", r.Out);
        Assert.Contains("Truncated frames:      1", r.Out);
        Assert.Contains("dropped by interface 1, by OS 3", r.Out);
        Assert.Contains("Comment:               lab run", r.Out);
    }

    [Fact]
    public void Bad_checksums_from_one_host_are_called_offload()
    {
        var frame = FrameBuilder.Create().Addresses("192.0.2.1", "198.51.100.9").Tcp(1, 2, 3, 4, 0x18, payload: [1, 2, 3]);
        frame[^1] ^= 1;
        var path = _dir.Write("offload.pcap", new PcapWriter().Add(0, frame).Add(1000, frame).ToArray());
        var r = CliRunner.Run("info", path);
        Assert.Contains("from 192.0.2.1 (2) only: likely checksum offload", r.Out);
    }

    [Fact]
    public void Frames_without_checksums_are_never_counted_as_bad()
    {
        byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 198, 18, 0, 1, 0, 0, 0, 0, 0, 0, 198, 18, 0, 2];
        var frames = new PcapWriter().Add(0, FrameBuilder.Create().Ethernet(0x0806, arp)).Add(1, FrameBuilder.Create().Ethernet(0x88CC, new byte[46]));
        var r = CliRunner.Run("info", _dir.Write("arp.pcap", frames.ToArray()));
        Assert.Contains("Bad checksums:         none", r.Out);
    }

    [Fact]
    public void An_unreadable_file_is_one_line_and_exit_1()
    {
        var r = CliRunner.Run("info", _dir.Write("junk.pcap", "not a capture at all"u8.ToArray()));
        Assert.Equal(1, r.ExitCode);
        var line = Assert.Single(r.ErrorLines);
        Assert.StartsWith("wirecase: ", line);
        Assert.Contains("junk.pcap", line);
        Assert.Equal("", r.Out);
    }

    [Fact]
    public void Damage_after_some_frames_is_reported_and_the_frames_are_still_used()
    {
        var whole = new PcapWriter().Add(0, new byte[60]).Add(1000, new byte[60]).ToArray();
        var r = CliRunner.Run("info", "--json", _dir.Write("cut.pcap", whole[..^10]));
        Assert.Equal(0, r.ExitCode);
        Assert.Contains("cut.pcap: at byte 100: the file ends in the middle of record 2", r.Error);
        using var doc = JsonDocument.Parse(r.Lines[0]);
        Assert.Equal(1, doc.RootElement.GetProperty("packets").GetInt64());
        Assert.Equal(100, doc.RootElement.GetProperty("damage").GetProperty("offset").GetInt64());
    }

    [Fact]
    public void Several_files_give_one_object_each()
    {
        var a = _dir.Write("a.pcap", new PcapWriter().Add(0, new byte[60]).ToArray());
        var b = _dir.Write("b.pcap", new PcapWriter().Add(5, new byte[60]).Add(6, new byte[60]).ToArray());
        var r = CliRunner.Run("info", "--json", a, b);
        Assert.Equal([1L, 2L], r.Lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("packets").GetInt64()));
    }
}
