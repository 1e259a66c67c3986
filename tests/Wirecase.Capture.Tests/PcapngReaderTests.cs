using Wirecase.Capture;
using Wirecase.TestKit;

namespace Wirecase.Capture.Tests;

public sealed class PcapngReaderTests
{
    private static readonly byte[] Data = [0xDE, 0xAD, 0xBE, 0xEF, 0x01];

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Reads_enhanced_packets_in_either_byte_order(bool bigEndian)
    {
        var file = new PcapngWriter(bigEndian, comment: "section note").Interface(1, 65535, name: "eth0", comment: "uplink")
            .Packet(0, 1_700_000_000_000_001UL, Data, 60, comment: "look here").ToArray();
        var (frames, reader) = Read.All(file, "x.pcapng");
        Assert.Equal(CaptureFormat.Pcapng, reader.Format);
        Assert.Equal(bigEndian, reader.IsBigEndian);
        var f = Assert.Single(frames);
        Assert.Equal(1_700_000_000_000_001_000L, f.TimestampNs);
        Assert.Equal(60u, f.OriginalLength);
        Assert.Equal(Data, f.Data);
        Assert.Equal("look here", f.Comment);
        Assert.Equal(["section note"], reader.Comments);
        Assert.Equal("eth0", reader.Interfaces[0].Name);
        Assert.Equal(["uplink"], reader.Interfaces[0].Comments);
        Assert.Equal("Wirecase.TestKit", reader.Application);
    }

    [Fact]
    public void Each_section_has_its_own_byte_order_and_interface_numbering()
    {
        var file = new PcapngWriter(false).Interface(1).Packet(0, 1, Data)
            .Section(true).Interface(101).Interface(1).Packet(1, 2, Data).Packet(0, 3, Data).ToArray();
        var (frames, reader) = Read.All(file, "x.pcapng");
        Assert.Equal(2, reader.SectionCount);
        Assert.Equal(3, reader.Interfaces.Count);
        Assert.Equal([0, 2, 1], frames.Select(f => f.InterfaceIndex));
        Assert.Equal([0, 1, 0], frames.Select(f => f.InterfaceId));
        Assert.Equal([LinkType.Ethernet, LinkType.Ethernet, LinkType.Raw], frames.Select(f => f.LinkType));
    }

    [Theory]
    [InlineData((byte)6, 1_000_000UL, 1_000_000_000L)]       // microseconds
    [InlineData((byte)9, 1_000_000_000UL, 1_000_000_000L)]   // nanoseconds
    [InlineData((byte)3, 1_000UL, 1_000_000_000L)]           // milliseconds
    [InlineData((byte)12, 1_000_000_000_000UL, 1_000_000_000L)] // picoseconds
    [InlineData((byte)0x88, 256UL, 1_000_000_000L)]          // 2^-8 s
    [InlineData((byte)0x94, 1_048_576UL, 1_000_000_000L)]    // 2^-20 s
    public void Converts_every_timestamp_resolution(byte tsresol, ulong ticks, long expectedNs)
    {
        var file = new PcapngWriter().Interface(1, tsresol: tsresol).Packet(0, ticks, Data).ToArray();
        var (frames, _) = Read.All(file, "x.pcapng");
        Assert.Equal(expectedNs, frames[0].TimestampNs);
    }

    [Fact]
    public void Applies_the_interface_time_offset()
    {
        var file = new PcapngWriter().Interface(1, tsoffset: 1_000).Packet(0, 2_000_000, Data).ToArray();
        Assert.Equal(1_002_000_000_000L, Read.All(file, "x.pcapng").Frames[0].TimestampNs);
    }

    [Fact]
    public void Simple_packets_have_no_time_and_are_cut_to_the_snaplen()
    {
        var file = new PcapngWriter().Interface(1, snapLength: 3).SimplePacket(Data, 1514).ToArray();
        var f = Read.All(file, "x.pcapng").Frames[0];
        Assert.False(f.HasTimestamp);
        Assert.Equal(1514u, f.OriginalLength);
        Assert.Equal(3, f.Data.Length);
    }

    [Fact]
    public void Obsolete_packet_blocks_are_read_and_their_drops_counted()
    {
        var (frames, reader) = Read.All(new PcapngWriter().Interface(1).ObsoletePacket(0, 5_000_000, Data, drops: 7).ToArray(), "x.pcapng");
        Assert.Equal(5_000_000_000L, frames[0].TimestampNs);
        Assert.Equal(7UL, reader.Interfaces[0].PacketDropCount);
    }

    [Fact]
    public void Keeps_capture_drops_from_statistics_and_packet_options()
    {
        var file = new PcapngWriter().Interface(1).Packet(0, 1, Data, dropCount: 3).Statistics(0, 9, 100, 4, 5).ToArray();
        var (_, reader) = Read.All(file, "x.pcapng");
        var st = reader.Interfaces[0].Statistics!;
        Assert.Equal(100UL, st.Received);
        Assert.Equal(4UL, st.InterfaceDrops);
        Assert.Equal(5UL, st.OsDrops);
        Assert.Equal(3UL, reader.Interfaces[0].PacketDropCount);
    }

    [Fact]
    public void Custom_blocks_are_numbered_like_wireshark_and_other_blocks_skipped()
    {
        var file = new PcapngWriter().Interface(1).Custom(0xBAD, 32473, [1, 2, 3, 4]).Block(10, new byte[16])
            .Block(0x12345678, new byte[8]).NameResolution([198, 18, 0, 1], "client.example").Packet(0, 1, Data).ToArray();
        var (frames, reader) = Read.All(file, "x.pcapng");
        Assert.Equal([FrameKind.CustomBlock, FrameKind.Packet], frames.Select(f => f.Kind));
        Assert.Equal([1L, 2L], frames.Select(f => f.Number));
        Assert.Equal("client.example", Assert.Single(reader.NameResolution).Name);
        Assert.Equal(1, reader.BlockCounts["DSB"]);
        Assert.Equal(1, reader.BlockCounts["0x12345678"]);
    }

    [Fact]
    public void An_absurd_block_length_is_damage_not_an_allocation()
    {
        var good = new PcapngWriter().Interface(1).Packet(0, 1, Data).ToArray();
        byte[] bad = [6, 0, 0, 0, 0, 0, 0, 0x7F, 0, 0, 0, 0];
        long before = GC.GetAllocatedBytesForCurrentThread();
        var (frames, reader) = Read.All([.. good, .. bad], "x.pcapng");
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - before < 2_000_000);
        Assert.Single(frames);
        Assert.Contains("claims 2130706432 bytes", reader.Damage!.Problem);
        Assert.Equal(good.Length, reader.Damage.Offset);
    }

    [Fact]
    public void A_block_cut_short_or_with_a_wrong_trailer_is_damage()
    {
        var file = new PcapngWriter().Interface(1).Packet(0, 1, Data).Packet(0, 2, Data).ToArray();
        var (cutFrames, cut) = Read.All(file[..^6], "x.pcapng");
        Assert.Single(cutFrames);
        Assert.Contains("ends in the middle of a block", cut.Damage!.Problem);
        var wrong = (byte[])file.Clone();
        wrong[^4] ^= 0x04;
        var (_, mismatch) = Read.All(wrong, "x.pcapng");
        Assert.Contains("trailer says", mismatch.Damage!.Problem);
    }

    [Fact]
    public void An_undeclared_interface_stops_reading()
    {
        var (frames, reader) = Read.All(new PcapngWriter().Interface(1).Packet(0, 1, Data).Packet(3, 2, Data).ToArray(), "x.pcapng");
        Assert.Single(frames);
        Assert.Contains("refers to interface 3", reader.Damage!.Problem);
    }

    [Fact]
    public void An_option_running_off_its_block_is_a_warning_and_the_packet_is_kept()
    {
        var file = new PcapngWriter().Interface(1).Packet(0, 1, Data, comment: "abc").ToArray();
        // The comment option's length field sits right after the padded packet data.
        int optionLength = file.Length - 4 - 4 - 4 - 2;   // trailer, end-of-options, option value (padded), then length
        file[optionLength] = 0xFF;
        var (frames, reader) = Read.All(file, "x.pcapng");
        Assert.Single(frames);
        Assert.Null(reader.Damage);
        Assert.Contains(reader.Warnings, w => w.Contains("claims 255 bytes"));
    }

    [Theory]
    [InlineData((ushort)1, (ushort)1)]
    [InlineData((ushort)2, (ushort)0)]
    public void Unknown_section_versions_are_refused(ushort major, ushort minor)
    {
        var e = Assert.Throws<CaptureException>(() => Read.Open(new PcapngWriter(major: major, minor: minor).ToArray(), "x.pcapng"));
        Assert.Contains($"version {major}.{minor} is not supported", e.Message);
    }
}
