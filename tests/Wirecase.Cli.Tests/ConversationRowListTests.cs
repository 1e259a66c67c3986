using Wirecase.Cli.Output;
using Wirecase.Packets;

namespace Wirecase.Cli.Tests;

/// <summary>The sorted view over the rows kept in temporary files: one bucket, and many buckets dealt from two files.</summary>
public sealed class ConversationRowListTests
{
    private static ConversationRow Row(int file, int i, Random random) => new()
    {
        FileIndex = file,
        AddressA = IpAddressValue.V4([192, 0, 2, (byte)(i % 250)]),
        PortA = (ushort)(1024 + i % 60_000),
        AddressB = IpAddressValue.V4([198, 51, 100, 7]),
        PortB = 53,
        FramesAToB = random.Next(1, 40),   // few distinct values: many ties, which keep appearance order
        BytesAToB = random.Next(60, 100_000),
        FramesBToA = random.Next(0, 3),
        BytesBToA = i,
        RelativeStartNs = 1_000_000_000L + i * 1000L,
        DurationNs = random.Next(0, 1_000_000),
    };

    [Theory]
    [InlineData(300, "frames")]      // one bucket, in memory
    [InlineData(9_000, "frames")]    // several buckets in temporary files
    [InlineData(9_000, "bytes")]
    [InlineData(9_000, "start")]
    public void Rows_come_out_sorted_with_ties_in_appearance_order(int perFile, string sort)
    {
        var random = new Random(perFile);
        using var first = new ConversationRowStore("a.pcap", 0);
        using var second = new ConversationRowStore("b.pcap", 1);
        var expected = new List<(ConversationRow Row, int Store, int Position)>();
        for (int i = 0; i < perFile; i++)
        {
            var a = Row(0, i, random);
            first.Add(a);
            expected.Add((a, 0, i));
            var b = Row(1, i, random);
            second.Add(b);
            expected.Add((b, 1, i));
        }
        first.ShiftStarts(1_000_000_000);
        second.ShiftStarts(1_000_000_000);
        Func<ConversationRow, long> value = sort switch
        {
            "bytes" => r => -r.Bytes,
            "start" => r => r.RelativeStartNs,
            _ => r => -r.Frames,
        };
        // Only every third row of b.pcap: the filter sees each row with its file.
        bool Keep(ConversationRow r, string? file) => file == "a.pcap" || r.BytesBToA % 3 == 0;
        var want = expected
            .Select(e => (e.Row with { RelativeStartNs = e.Row.RelativeStartNs - 1_000_000_000 }, e.Store, e.Position))
            .Where(e => Keep(e.Item1, e.Store == 0 ? "a.pcap" : "b.pcap"))
            .OrderBy(e => value(e.Item1)).ThenBy(e => e.Store).ThenBy(e => e.Position)
            .Select(e => e.Item1).ToList();

        using var rows = ConversationRowList.Select([first, second], Keep, sort);
        Assert.Equal(want.Count, rows.Count);
        Assert.True(rows.HasFiles);
        var got = rows.ToList();
        Assert.Equal(want.Count, got.Count);
        for (int i = 0; i < want.Count; i++)
        {
            Assert.Equal(want[i].FileIndex, got[i].FileIndex);
            Assert.Equal(want[i].BytesBToA, got[i].BytesBToA);
            Assert.Equal(want[i].RelativeStartNs, got[i].RelativeStartNs);
        }
        Assert.Equal("b.pcap", rows.FileOf(got.First(r => r.FileIndex == 1)));
        // A second pass (the text table measures its columns first) gives the same rows.
        Assert.Equal(got.Select(r => (r.FileIndex, r.BytesBToA)), rows.Select(r => (r.FileIndex, r.BytesBToA)));
    }
}
