using Wirecase.Cli.Output;
using Wirecase.Flows.Storage;

namespace Wirecase.Cli.Tests;

/// <summary>Rows handed from the tracking thread to the thread that stores them.</summary>
public sealed class ConversationRowHandOffTests
{
    private static ConversationRow Row(int i) => new() { FramesAToB = i, BytesAToB = 60L * i };

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(256)]      // exactly one chunk
    [InlineData(10_000)]   // many more chunks than may wait at once: the hand-off waits for the store, loses none
    public void Every_row_arrives_in_order_with_its_stream(int rows)
    {
        var stored = new List<(long Frames, int Stream, int Thread)>();
        int caller = Environment.CurrentManagedThreadId;
        using (var handOff = new ConversationRowHandOff(0, (row, stream) =>
               {
                   if (stored.Count % 1000 == 0) Thread.Sleep(1);   // a slow store now and then
                   stored.Add((row.FramesAToB, stream, Environment.CurrentManagedThreadId));
               }))
        {
            for (int i = 0; i < rows; i++) handOff.Add(Row(i), i % 7 == 0 ? -1 : i);
            handOff.Complete();
            Assert.Equal(rows, stored.Count);   // all stored once Complete returns
        }
        for (int i = 0; i < rows; i++)
        {
            Assert.Equal(i, stored[i].Frames);
            Assert.Equal(i % 7 == 0 ? -1 : i, stored[i].Stream);
            Assert.NotEqual(caller, stored[i].Thread);
        }
    }

    [Fact]
    public void A_failure_to_store_comes_back_to_the_caller_and_nothing_hangs()
    {
        int stored = 0;
        using var handOff = new ConversationRowHandOff(0, (_, _) =>
        {
            if (++stored == 300) throw new SpillFileException("cannot read back the temporary file in /tmp (disk gone)", new IOException());
        });
        // Far more rows than fit in the chunks that may wait: after the failure the rest is passed over, not stuck.
        for (int i = 0; i < 20_000; i++) handOff.Add(Row(i), i);
        var e = Assert.Throws<SpillFileException>(handOff.Complete);
        Assert.Contains("disk gone", e.Message);
        Assert.Equal(300, stored);
    }

    [Fact]
    public async Task Disposed_without_completing_stops_its_thread()
    {
        var handOff = new ConversationRowHandOff(0, (_, _) => { });
        for (int i = 0; i < 1000; i++) handOff.Add(Row(i), i);
        await Task.Run(handOff.Dispose).WaitAsync(TimeSpan.FromSeconds(10));
    }
}
