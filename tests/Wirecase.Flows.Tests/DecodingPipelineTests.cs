using Wirecase.Capture;
using Wirecase.Flows.Pipeline;
using Wirecase.TestKit;

namespace Wirecase.Flows.Tests;

/// <summary>The decoding thread and the queues that carry its batches to the tracking thread.</summary>
public sealed class DecodingPipelineTests
{
    private static CaptureSet Capture(int frames)
    {
        var builder = FrameBuilder.Create().Addresses("192.0.2.10", "203.0.113.5");
        var writer = new PcapWriter();
        for (int i = 0; i < frames; i++)
            writer.Add(1_000_000_000_000 + i * 1_000L, builder.Tcp((ushort)(40000 + i % 100), 80, (uint)i, 0, 0x10, 65535, null, new byte[i % 40]));
        return CaptureSet.FromReaders([CaptureFile.Open("pipeline.pcap", new MemoryStream(writer.ToArray()), null)]);
    }

    [Fact]
    public void Every_frame_arrives_once_in_order_with_its_bytes_when_the_decoder_runs_far_ahead()
    {
        // Many more frames than the batches in flight hold: the decoding thread waits for batches to come back.
        int frames = DecodedFrameBatch.MaxFrames * DecodingPipeline.BatchesInFlight * 3 + 17;
        using var set = Capture(frames);
        using var pipeline = new DecodingPipeline(set, tcpKeys: true);
        long expected = 1;
        int batches = 0;
        while (pipeline.Next() is { } batch)
        {
            if (batches++ % 20 == 0) Thread.Sleep(5);   // a slow consumer now and then
            for (int i = 0; i < batch.Count; i++)
            {
                ref var f = ref batch[i];
                Assert.Equal(expected, f.Number);
                Assert.Equal((expected - 1) % 40, batch.Payload(f).Length);
                Assert.NotEqual(0, f.TcpKeyHash);
                expected++;
            }
            pipeline.Return(batch);
        }
        Assert.Equal(frames + 1, expected);
        Assert.Null(pipeline.Next());   // and stays at the end
    }

    [Fact]
    public async Task Disposed_of_early_it_stops_its_thread()
    {
        using var set = Capture(DecodedFrameBatch.MaxFrames * DecodingPipeline.BatchesInFlight * 4);
        var pipeline = new DecodingPipeline(set);
        Assert.NotNull(pipeline.Next());   // taken and never given back; the decoding thread fills every other batch
        await Task.Run(pipeline.Dispose).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public void A_failure_on_the_decoding_thread_reaches_the_caller_after_the_frames_before_it()
    {
        using var set = Capture(3000);
        int seen = 0;
        using var pipeline = new DecodingPipeline(set, onFrame: () =>
        {
            if (++seen == 2000) throw new IOException("device went away");
        });
        long frames = 0;
        var e = Assert.Throws<InvalidOperationException>(() =>
        {
            while (pipeline.Next() is { } batch)
            {
                frames += batch.Count;
                pipeline.Return(batch);
            }
        });
        Assert.Contains("device went away", e.Message);
        Assert.Equal(2000, frames);   // every frame decoded before the failure, the one being counted included
    }

    [Fact]
    public async Task The_queue_keeps_order_waits_when_full_and_wakes_both_sides()
    {
        var queue = new HandOffQueue<object>(capacity: 2);
        var items = Enumerable.Range(0, 1000).Select(i => (object)i).ToArray();
        var producer = Task.Run(() =>
        {
            foreach (var item in items) Assert.True(queue.Add(item));
            queue.Complete();
        });
        var taken = new List<object>();
        while (queue.Take() is { } item) taken.Add(item);
        await producer.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(items, taken);

        var cancelled = new HandOffQueue<object>(capacity: 1);
        Assert.True(cancelled.Add("a"));
        var blocked = Task.Run(() => cancelled.Add("b"));   // full: waits
        await Task.Delay(50);
        Assert.False(blocked.IsCompleted);
        cancelled.Cancel();
        Assert.False(await blocked.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Null(cancelled.Take());
    }
}
