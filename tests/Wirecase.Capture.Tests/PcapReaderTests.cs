using Wirecase.Capture;
using Wirecase.TestKit;

namespace Wirecase.Capture.Tests;

public sealed class PcapReaderTests
{
    private static readonly byte[] Payload = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
    private const long T0 = 1_700_000_000_123_456_000L;

    [Theory]
    [InlineData(false, false)]
    [InlineData(true, false)]
    [InlineData(false, true)]
    [InlineData(true, true)]
    public void Reads_every_byte_order_and_precision(bool bigEndian, bool nanoseconds)
    {
        long t1 = T0 + (nanoseconds ? 789 : 0);
        var file = new PcapWriter(bigEndian: bigEndian, nanoseconds: nanoseconds).Add(T0, Payload).Add(t1, Payload, 60).ToArray();
        var (frames, reader) = Read.All(file);
        Assert.Equal(nanoseconds ? CaptureFormat.PcapNanosecond : CaptureFormat.Pcap, reader.Format);
        Assert.Equal(bigEndian, reader.IsBigEndian);
        Assert.Equal(2, frames.Count);
        Assert.Equal([1L, 2L], frames.Select(f => f.Number));
        Assert.Equal(T0, frames[0].TimestampNs);
        Assert.Equal(t1, frames[1].TimestampNs);
        Assert.Equal(60u, frames[1].OriginalLength);
        Assert.Equal(Payload, frames[1].Data);
        Assert.Null(reader.Damage);
    }

    [Fact]
    public void Passes_any_link_type_number_through()
    {
        var (frames, reader) = Read.All(new PcapWriter(linkType: 147).Add(T0, Payload).ToArray());
        Assert.Equal((LinkType)147, frames[0].LinkType);
        Assert.Equal("LINKTYPE_147", LinkTypeNames.ShortName(reader.Interfaces[0].LinkType));
    }

    [Fact]
    public void A_record_cut_short_keeps_the_frames_before_it_and_says_where()
    {
        var whole = new PcapWriter().Add(T0, Payload).Add(T0 + 1000, Payload).ToArray();
        var cut = whole[..^4];
        var (frames, reader) = Read.All(cut);
        Assert.Single(frames);
        Assert.NotNull(reader.Damage);
        Assert.Equal(24 + 16 + Payload.Length, reader.Damage!.Offset);
        Assert.Contains("ends in the middle of record 2", reader.Damage.Problem);
        Assert.Contains("test.pcap", reader.Damage.ToString());
    }

    [Fact]
    public void A_record_header_cut_short_is_damage_too()
    {
        var whole = new PcapWriter().Add(T0, Payload).ToArray();
        var (frames, reader) = Read.All([.. whole, 1, 2, 3]);
        Assert.Single(frames);
        Assert.Contains("record header", reader.Damage!.Problem);
    }

    [Fact]
    public void An_absurd_captured_length_stops_reading_without_allocating_it()
    {
        var file = new PcapWriter().Add(T0, Payload).Add(T0, Payload, capturedLengthOverride: 0xF0000000).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        var (frames, reader) = Read.All(file);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Single(frames);
        Assert.Contains("4026531840-byte packet", reader.Damage!.Problem);
        Assert.True(allocated < 1_000_000, $"allocated {allocated} bytes");
    }

    [Fact]
    public void Version_1_is_refused_with_one_clear_line()
    {
        var e = Assert.Throws<CaptureException>(() => Read.Open(new PcapWriter(versionMajor: 1).ToArray()));
        Assert.Contains("pcap version 1.4 is not supported", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    [Fact]
    public void Reserved_link_type_bits_are_refused()
    {
        var e = Assert.Throws<CaptureException>(() => Read.Open(new PcapWriter(linkType: 0x00300001).ToArray()));
        Assert.Contains("reserved bits", e.Message);
    }

    [Fact]
    public void A_snaplen_cut_frame_keeps_its_original_length()
    {
        var (frames, _) = Read.All(new PcapWriter(snapLength: 10).Add(T0, Payload, originalLength: 1514).ToArray());
        Assert.Equal(1514u, frames[0].OriginalLength);
        Assert.Equal(10, frames[0].Data.Length);
    }

    [Fact]
    public void An_out_of_range_fraction_is_carried_into_the_seconds_with_a_warning()
    {
        var w = new PcapWriter();
        var file = w.ToArray().Concat(new byte[] { 10, 0, 0, 0, 0x40, 0x42, 0x0F, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0xAA }).ToArray();
        var (frames, reader) = Read.All(file);
        Assert.Equal(11_000_000_000L, frames[0].TimestampNs);
        Assert.Contains(reader.Warnings, x => x.Contains("record 1:") && x.Contains("sub-second"));
    }

    [Fact]
    public void Reads_the_modified_kuznetzov_format()
    {
        var header = new PcapWriter().ToArray();
        header[0] = 0x34; header[1] = 0xCD; header[2] = 0xB2; header[3] = 0xA1;
        byte[] record = [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 2, 0, 0, 0, 9, 9, 9, 9, 9, 9, 9, 9, 0xAB, 0xCD];
        var (frames, reader) = Read.All([.. header, .. record]);
        Assert.Equal(CaptureFormat.PcapModified, reader.Format);
        Assert.Equal([0xAB, 0xCD], frames[0].Data);
    }
}
