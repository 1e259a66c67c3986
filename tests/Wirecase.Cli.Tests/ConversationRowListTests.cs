using Wirecase.Cli.Output;
using Wirecase.Packets;

namespace Wirecase.Cli.Tests;

/// <summary>The rows kept in temporary files, sorted in runs as they come and merged when listed.</summary>
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

    private static Func<ConversationRow, long> Value(string sort) => sort switch
    {
        "bytes" => r => -r.Bytes,
        "start" => r => r.RelativeStartNs,
        _ => r => -r.Frames,
    };

    [Theory]
    [InlineData(300, "frames", 8192, 128)]    // one run per file, still in memory at the end
    [InlineData(9_000, "frames", 1000, 128)]  // several runs per file
    [InlineData(9_000, "bytes", 1000, 128)]
    [InlineData(9_000, "start", 1000, 128)]
    [InlineData(9_000, "frames", 100, 8)]     // 90 runs per file merged 8 at a time, twice, before listing
    public void Rows_come_out_sorted_with_ties_in_appearance_order(int perFile, string sort, int runRows, int maxRuns)
    {
        var random = new Random(perFile);
        var observed = new List<ConversationRow>();
        // Only every third row of b.pcap: the filter sees each row with its file.
        bool Keep(ConversationRow r, string? file) => file == "a.pcap" || r.BytesBToA % 3 == 0;
        var selection = new ConversationSelection(sort, Keep, observed.Add);
        using var first = new ConversationRowStore("a.pcap", 0, selection, runRows);
        using var second = new ConversationRowStore("b.pcap", 1, selection, runRows);
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
        var value = Value(sort);
        var want = expected
            .Select(e => (e.Row with { RelativeStartNs = e.Row.RelativeStartNs - 1_000_000_000 }, e.Store, e.Position))
            .Where(e => Keep(e.Item1, e.Store == 0 ? "a.pcap" : "b.pcap"))
            .OrderBy(e => value(e.Item1)).ThenBy(e => e.Store).ThenBy(e => e.Position)
            .Select(e => e.Item1).ToList();

        var rows = ConversationRowList.Merge([first, second], maxRuns);
        Assert.Equal(want.Count, rows.Count);
        Assert.Equal(want.Count, observed.Count);   // each listed row observed once, none of the others
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
        // A second pass gives the same rows.
        Assert.Equal(got.Select(r => (r.FileIndex, r.BytesBToA)), rows.Select(r => (r.FileIndex, r.BytesBToA)));
    }

    [Theory]
    [InlineData(4)]      // the earlier parts already in written runs: merged rows added again, earlier ones passed over
    [InlineData(8192)]   // still in memory: merged in place
    public void A_stream_that_comes_back_is_one_row_with_its_parts_added_up(int runRows)
    {
        var random = new Random(7);
        var observed = 0;
        var selection = new ConversationSelection("frames", observe: _ => observed++);
        using var store = new ConversationRowStore(null, 0, selection, runRows);
        var totals = new Dictionary<int, long>();
        for (int i = 0; i < 2_000; i++)
        {
            int stream = random.Next(300);   // streams come back in up to a dozen parts, in any order
            var part = Row(0, stream, random) with { RelativeStartNs = 1_000_000L * i };
            store.Add(part, stream);
            totals[stream] = totals.GetValueOrDefault(stream) + part.Frames;
        }
        var rows = ConversationRowList.Merge([store]);
        Assert.Equal(totals.Count, rows.Count);
        Assert.Equal(totals.Count, observed);
        var got = rows.ToList();
        Assert.Equal(totals.Count, got.Count);
        // Frames added up per stream (PortA carries the stream), largest first, ties by stream.
        Assert.Equal(totals.OrderByDescending(t => t.Value).ThenBy(t => t.Key).Select(t => (t.Key, t.Value)),
            got.Select(r => (r.PortA - 1024, r.Frames)));
        Assert.False(rows.HasFiles);
    }
}
