using Wirecase.Capture;
using Wirecase.Packets.Decoding;

namespace Wirecase.EndToEnd.Tests.Corpus;

/// <summary>Every corpus file — the malformed, fuzzed and truncated ones too — is read without any error but the
/// documented one; damage is one line naming the file and offset; frame counts match capinfos where it could count.</summary>
public sealed class CorpusRobustnessTests
{
    public static TheoryData<string> Files() => new(CorpusManifest.Entries.Select(e => e.File));

    [Theory]
    [MemberData(nameof(Files))]
    public void Reads_without_crashing_and_reports_damage_in_one_line(string file)
    {
        var entry = CorpusManifest.Entries.Single(e => e.File == file);
        CaptureReader reader;
        try
        {
            reader = CaptureFile.Open(entry.FullPath);
        }
        catch (CaptureException e)
        {
            Assert.Contains(entry.FullPath, e.Message);
            Assert.DoesNotContain('\n', e.Message);
            Assert.True(ReferenceFrames.Load(entry) is null, "tshark read this file but Wirecase refused it: " + e.Message);
            return;
        }
        using (reader)
        {
            var decoder = new PacketDecoder();
            var packet = new DecodedPacket();
            long packets = 0;
            while (reader.MoveNext())
            {
                decoder.Decode(reader.Current, ref packet);
                if (reader.Current.Kind == FrameKind.Packet) packets++;
            }
            if (reader.Damage is { } d)
            {
                Assert.DoesNotContain('\n', d.ToString());
                Assert.Contains(entry.FullPath, d.ToString());
            }
            // capinfos' count ("~N" when capinfos failed and the count is a header walk).
            if (long.TryParse(entry.Packets, out long expected) && ReferenceFrames.Load(entry) is not null)
                Assert.Equal(expected, packets);
        }
    }

    [Fact]
    public void Files_tshark_finds_cut_short_yield_the_frames_before_the_cut()
    {
        var cut = CorpusManifest.Entries.Where(e => ReferenceFrames.Error(e)?.Contains("cut short", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(cut);
        foreach (var entry in cut)
        {
            using var reader = CaptureFile.Open(entry.FullPath);
            long frames = 0;
            while (reader.MoveNext()) frames++;
            Assert.NotNull(reader.Damage);
            Assert.Matches("ends in the middle|more than the maximum", reader.Damage!.Problem);
            // capinfos counts the record it failed on; every record before it must be here.
            if (long.TryParse(entry.Packets.TrimStart('~'), out long counted) && counted > 1)
                Assert.True(frames >= counted - 1, $"{entry.File}: {frames} frames, capinfos saw {counted}");
        }
    }
}
