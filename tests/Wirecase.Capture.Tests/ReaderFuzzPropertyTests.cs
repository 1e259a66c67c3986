using FsCheck;
using FsCheck.Xunit;
using Wirecase.Capture;
using Wirecase.TestKit;

namespace Wirecase.Capture.Tests;

/// <summary>
/// Arbitrary bytes behind every format's magic never make a reader throw anything but <see cref="CaptureException"/>,
/// never hang, and never allocate more than a bound, whatever the length fields say.
/// </summary>
public sealed class ReaderFuzzPropertyTests
{
    /// <summary>Buffers, a frame table or two and bookkeeping: well under what a 16 MiB block claim would cost.</summary>
    private const long AllocationBound = 3_000_000;

    private static readonly byte[][] Prefixes =
    [
        [0xD4, 0xC3, 0xB2, 0xA1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0],
        [0xA1, 0xB2, 0x3C, 0x4D, 0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 0, 0, 0, 0, 1],
        new PcapngWriter().Interface(1).ToArray(),
        new PcapngWriter(bigEndian: true).Interface(1).ToArray(),
        [0x0A, 0x0D, 0x0D, 0x0A],
        [(byte)'G', (byte)'M', (byte)'B', (byte)'U', 3, 2, 1, 0],
        [0x1F, 0x8B, 8, 0],
        [0x28, 0xB5, 0x2F, 0xFD],
        [],
    ];

    [Property(MaxTest = 1500)]
    public void Random_bytes_after_any_magic_only_ever_raise_the_documented_error(byte[] tail, NonNegativeInt which)
    {
        var prefix = Prefixes[which.Get % Prefixes.Length];
        var bytes = prefix.Concat(tail).ToArray();
        long before = GC.GetAllocatedBytesForCurrentThread();
        try
        {
            using var reader = CaptureFile.Open("fuzz", new MemoryStream(bytes), bytes.Length);
            long frames = 0;
            while (reader.MoveNext())
            {
                Assert.True(reader.Current.CapturedLength <= bytes.Length);
                Assert.True(++frames <= bytes.Length, "more frames than bytes: a reader is looping");
            }
        }
        catch (CaptureException e)
        {
            Assert.DoesNotContain('\n', e.Message);
        }
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(allocated < AllocationBound + 4L * bytes.Length, $"allocated {allocated} bytes for a {bytes.Length}-byte input");
    }

    [Property(MaxTest = 300)]
    public void Damaging_a_real_file_anywhere_keeps_the_frames_before_the_damage(PositiveInt position, byte value)
    {
        var w = new PcapngWriter().Interface(1);
        for (int i = 0; i < 20; i++) w.Packet(0, (ulong)i, new byte[60 + i], comment: i % 3 == 0 ? "note" : null);
        var bytes = w.ToArray();
        int at = position.Get % bytes.Length;
        bytes[at] = value;
        try
        {
            using var reader = CaptureFile.Open("fuzz", new MemoryStream(bytes), bytes.Length);
            long frames = 0;
            while (reader.MoveNext()) frames++;
            if (reader.Damage is { } d) Assert.InRange(d.Offset, 0, bytes.Length);
            Assert.True(frames <= 20 || reader.Damage is null);
        }
        catch (CaptureException)
        {
            Assert.True(at < 100, $"only a damaged header may refuse the whole file (damage at {at})");
        }
    }
}
