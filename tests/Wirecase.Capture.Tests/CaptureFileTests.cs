using System.IO.Compression;
using Wirecase.Capture;
using Wirecase.TestKit;

namespace Wirecase.Capture.Tests;

public sealed class CaptureFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("wirecase-tests-").FullName;
    private static readonly byte[] Pcap = new PcapWriter().Add(1_000_000_000, [1, 2, 3]).Add(2_000_000_000, [4, 5]).ToArray();

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Write(string name, byte[] bytes)
    {
        string path = Path.Combine(_dir, name);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    [Fact]
    public void An_empty_file_is_one_clear_line()
    {
        var e = Assert.Throws<CaptureException>(() => CaptureFile.Open(Write("empty.pcap", [])));
        Assert.Contains("empty.pcap: the file is empty (0 bytes)", e.Message);
    }

    [Fact]
    public void A_directory_is_refused()
    {
        var e = Assert.Throws<CaptureException>(() => CaptureFile.Open(_dir));
        Assert.Contains("is a directory", e.Message);
    }

    [Fact]
    public void A_missing_file_is_refused()
    {
        var e = Assert.Throws<CaptureException>(() => CaptureFile.Open(Path.Combine(_dir, "nope.pcap")));
        Assert.Contains("no such file", e.Message);
    }

    [Fact]
    public void An_unknown_format_names_its_first_bytes()
    {
        var e = Assert.Throws<CaptureException>(() => CaptureFile.Open(Write("notes.pcap", "hello world"u8.ToArray())));
        Assert.Contains("not a capture file", e.Message);
        Assert.Contains("0x68656C6C", e.Message);
        Assert.Contains("looks like text", e.Message);
    }

    [Fact]
    public void Gzip_is_detected_by_content_not_by_name()
    {
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.Fastest, leaveOpen: true)) gz.Write(Pcap);
        using var reader = CaptureFile.Open(Write("plain-name.cap", ms.ToArray()));
        Assert.Equal(CaptureCompression.Gzip, reader.Compression);
        int n = 0;
        while (reader.MoveNext()) n++;
        Assert.Equal(2, n);
    }

    [Fact]
    public void Zstd_is_detected_by_content()
    {
        using var compressor = new ZstdSharp.Compressor();
        using var reader = CaptureFile.Open(Write("trace.bin", compressor.Wrap(Pcap).ToArray()));
        Assert.Equal(CaptureCompression.Zstd, reader.Compression);
        Assert.True(reader.MoveNext());
        Assert.Equal(3, reader.Current.CapturedLength);
    }

    [Fact]
    public void Corrupt_gzip_data_keeps_the_frames_before_it()
    {
        var many = new PcapWriter();
        for (int i = 0; i < 2000; i++) many.Add(i * 1000L, new byte[100]);
        using var ms = new MemoryStream();
        using (var gz = new GZipStream(ms, CompressionLevel.NoCompression, leaveOpen: true)) gz.Write(many.ToArray());
        var bytes = ms.ToArray()[..(int)(ms.Length / 2)];
        using var reader = CaptureFile.Open(Write("cut.pcap.gz", bytes));
        int n = 0;
        while (reader.MoveNext()) n++;
        Assert.InRange(n, 100, 1999);
        Assert.NotNull(reader.Damage);
    }

    [Fact]
    public void A_pipe_is_read_without_seeking()
    {
        var (frames, _) = Read.All(Pcap, "-", seekable: false);
        Assert.Equal(2, frames.Count);
    }

    [Fact]
    public void A_set_is_one_timeline_with_per_file_numbers()
    {
        string a = Write("a.pcap", new PcapWriter().Add(1_000, [1]).Add(3_000, [3]).ToArray());
        string b = Write("b.pcap", new PcapWriter().Add(2_000, [2]).Add(4_000, [4]).ToArray());
        using var set = CaptureSet.Open([a, b]);
        var seen = new List<(int File, long Number, byte Byte)>();
        while (set.MoveNext()) seen.Add((set.CurrentFileIndex, set.Current.Number, set.Current.Data[0]));
        Assert.Equal([(0, 1L, (byte)1), (1, 1L, (byte)2), (0, 2L, (byte)3), (1, 2L, (byte)4)], seen);
    }

    [Fact]
    public void Files_whose_times_overlap_are_separate_capture_points()
    {
        string a = Write("a.pcap", new PcapWriter().Add(1_000, [1]).Add(3_000, [3]).ToArray());
        string b = Write("b.pcap", new PcapWriter().Add(2_000, [2]).Add(4_000, [4]).ToArray());
        using var set = CaptureSet.Open([a, b]);
        var seen = new List<(int Point, long Id)>();
        while (set.MoveNext()) seen.Add((set.CurrentPoint, set.CurrentFrameId));
        Assert.Equal([(0, 1L), (1, 1L), (0, 2L), (1, 2L)], seen);
        Assert.Equal(2, set.Points.Count);
    }

    [Fact]
    public void Files_that_follow_each_other_are_one_capture_point_with_frame_ids_per_file()
    {
        // A ring buffer given out of order, beside a capture at another point that overlaps both of its files.
        string ring2 = Write("ring_2.pcap", new PcapWriter().Add(5_000, [5]).Add(6_000, [6]).ToArray());
        string ring1 = Write("ring_1.pcap", new PcapWriter().Add(1_000, [1]).Add(2_000, [2]).ToArray());
        string other = Write("other.pcap", new PcapWriter().Add(1_500, [9]).Add(5_500, [9]).ToArray());
        using var set = CaptureSet.Open([ring2, ring1, other]);
        var seen = new List<(int Point, long Number, long Id)>();
        while (set.MoveNext()) seen.Add((set.CurrentPoint, set.Current.Number, set.CurrentFrameId));
        Assert.Equal(2, set.Points.Count);
        Assert.Equal([1, 0], set.Points[0]);   // ring_1 then ring_2, as they follow in time
        Assert.Equal([2], set.Points[1]);
        var ring = seen.Where(x => x.Point == 0).ToList();
        Assert.Equal([1L, 2L, FrameId.Make(1, 1), FrameId.Make(1, 2)], ring.Select(x => x.Id));
        Assert.Equal([1L, 2L, 1L, 2L], ring.Select(x => x.Number));
        Assert.Equal(1, FrameId.FileOrdinal(ring[3].Id));
        Assert.Equal(2, FrameId.Number(ring[3].Id));
    }

    [Fact]
    public void A_set_reads_the_good_files_and_reports_the_bad_one()
    {
        string good = Write("good.pcap", Pcap);
        string bad = Write("bad.pcap", [1, 2, 3, 4, 5]);
        using var set = CaptureSet.Open([good, bad]);
        Assert.Single(set.OpenErrors);
        Assert.Contains("bad.pcap", set.OpenErrors[0].Message);
        int n = 0;
        while (set.MoveNext()) n++;
        Assert.Equal(2, n);
    }

    [Fact]
    public void A_set_of_only_bad_files_throws_the_first_error()
    {
        var e = Assert.Throws<CaptureException>(() => CaptureSet.Open([Write("x.pcap", [9, 9, 9, 9]), Write("y.pcap", [])]));
        Assert.Contains("x.pcap", e.Message);
    }
}
