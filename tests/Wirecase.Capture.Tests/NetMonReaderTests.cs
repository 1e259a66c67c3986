using System.Buffers.Binary;
using Wirecase.Capture;

namespace Wirecase.Capture.Tests;

public sealed class NetMonReaderTests
{
    /// <summary>A Network Monitor 2.3 file: header, frames (header, data, 15-byte trailer with UTC FILETIME), frame table.</summary>
    private static byte[] Build(params (long UnixNs, byte[] Data, ushort Media)[] frames)
    {
        var body = new List<byte>();
        var offsets = new List<uint>();
        const int headerLength = 72;
        foreach (var (ns, data, media) in frames)
        {
            offsets.Add((uint)(headerLength + body.Count));
            var h = new byte[16];
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(8), (uint)data.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(h.AsSpan(12), (uint)data.Length);
            body.AddRange(h);
            body.AddRange(data);
            var t = new byte[15];
            BinaryPrimitives.WriteUInt16LittleEndian(t, media);
            BinaryPrimitives.WriteInt64LittleEndian(t.AsSpan(6), ns / 100 + 116_444_736_000_000_000L);
            body.AddRange(t);
        }
        var header = new byte[headerLength];
        "GMBU"u8.CopyTo(header);
        header[4] = 3;  // minor
        header[5] = 2;  // major
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(6), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), 2020);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(10), 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(14), 1);
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(24), (uint)(headerLength + body.Count));
        BinaryPrimitives.WriteUInt32LittleEndian(header.AsSpan(28), (uint)(4 * offsets.Count));
        var table = offsets.SelectMany(o => BitConverter.GetBytes(o)).ToArray();
        return [.. header, .. body, .. table];
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_frames_in_table_order_with_utc_times(bool seekable)
    {
        var file = Build((1_587_371_338_720_748_100, [1, 2, 3], 1), (1_587_371_339_000_000_000, [4, 5], 1));
        var (frames, reader) = Read.All(file, "x.cap", seekable);
        Assert.Equal(CaptureFormat.NetMon2, reader.Format);
        Assert.Equal("2.3", reader.FormatVersion);
        Assert.Equal([1_587_371_338_720_748_100, 1_587_371_339_000_000_000], frames.Select(f => f.TimestampNs));
        Assert.Equal([4, 5], frames[1].Data);
        Assert.All(frames, f => Assert.Equal(LinkType.Ethernet, f.LinkType));
    }

    [Fact]
    public void Media_without_a_linktype_are_kept_as_their_own_interface()
    {
        var (frames, reader) = Read.All(Build((0, [1], 1), (0, [2], 0xFFE0)), "x.cap");
        Assert.Equal(2, reader.Interfaces.Count);
        Assert.Equal("NETMON_MEDIA_0xFFE0", LinkTypeNames.ShortName(frames[1].LinkType));
    }

    [Fact]
    public void A_frame_table_outside_the_file_is_refused()
    {
        var file = Build((0, [1, 2, 3], 1));
        var e = Assert.Throws<CaptureException>(() => Read.Open(file[..^2], "x.cap"));
        Assert.Contains("frame table", e.Message);
    }

    [Fact]
    public void A_frame_pointing_past_the_end_is_damage()
    {
        var file = Build((0, [1, 2, 3], 1), (0, [4], 1));
        BinaryPrimitives.WriteUInt32LittleEndian(file.AsSpan(file.Length - 4), 1_000_000);
        var (frames, reader) = Read.All(file, "x.cap");
        Assert.Single(frames);
        Assert.Contains("frame 2 starts outside the file", reader.Damage!.Problem);
    }
}
