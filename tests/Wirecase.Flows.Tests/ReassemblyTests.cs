using System.Text;
using Wirecase.Flows.Reassembly;
using static Wirecase.Flows.Tests.Script;

namespace Wirecase.Flows.Tests;

public sealed class ReassemblyTests
{
    private sealed class Collector : IStreamSink
    {
        public StringBuilder Client { get; } = new();
        public StringBuilder Server { get; } = new();
        public List<(bool FromClient, long Offset, long Length, GapReason Reason)> Gaps { get; } = [];

        public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data) =>
            (fromOriginator ? Client : Server).Append(Encoding.ASCII.GetString(data));

        public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason)
        {
            Gaps.Add((fromOriginator, streamOffset, length, reason));
            (fromOriginator ? Client : Server).Append('[').Append(length).Append(']');
        }
    }

    private static (Script Script, Collector Sink) Start()
    {
        var sink = new Collector();
        var s = new Script(sinks: _ => sink);
        s.Handshake();
        return (s, sink);
    }

    private static byte[] B(string text) => Encoding.ASCII.GetBytes(text);

    [Fact]
    public void In_order_data_is_delivered_as_is()
    {
        var (s, sink) = Start();
        s.Client(30, 1001, 5001, Psh | Ack, payload: B("HELO x\r\n"));
        s.Server(40, 5001, 1009, Psh | Ack, payload: B("250 ok\r\n"));
        Assert.Equal("HELO x\r\n", sink.Client.ToString());
        Assert.Equal("250 ok\r\n", sink.Server.ToString());
    }

    [Fact]
    public void Out_of_order_segments_are_put_back_in_order()
    {
        var (s, sink) = Start();
        s.Client(30, 1006, 5001, Ack, payload: B("world"));
        s.Client(31, 1001, 5001, Ack, payload: B("hello"));
        Assert.Equal("helloworld", sink.Client.ToString());
        Assert.Empty(sink.Gaps);
    }

    [Fact]
    public void Retransmitted_and_overlapping_data_is_delivered_once_first_copy_wins()
    {
        var (s, sink) = Start();
        s.Client(30, 1001, 5001, Ack, payload: B("abcdef"));
        s.Client(300, 1001, 5001, Ack, payload: B("abcdef"));
        s.Client(301, 1004, 5001, Ack, payload: B("XYZghi"));
        Assert.Equal("abcdefghi", sink.Client.ToString());
        Assert.Equal(9, s.Tracker.ReassemblerOf(0)!.OverlapBytes(true));
    }

    [Fact]
    public void Data_acknowledged_but_never_captured_becomes_a_gap()
    {
        var (s, sink) = Start();
        s.Client(30, 1001, 5001, Ack, payload: B("aaaa"));
        s.Client(31, 1011, 5001, Ack, payload: B("cccc"));   // bytes 1005..1010 never captured
        s.Server(40, 5001, 1015, Ack);
        Assert.Equal("aaaa[6]cccc", sink.Client.ToString());
        Assert.Equal(GapReason.AckedButNotCaptured, Assert.Single(sink.Gaps).Reason);
    }

    [Fact]
    public void A_hole_left_at_the_end_is_reported_when_the_stream_finishes()
    {
        var (s, sink) = Start();
        s.Client(30, 1011, 5001, Ack, payload: B("late"));
        s.Tracker.Finish(s.LastFrame);
        Assert.Equal("[10]late", sink.Client.ToString());
        Assert.Equal(GapReason.EndOfStream, sink.Gaps[0].Reason);
    }

    [Fact]
    public void Buffered_out_of_order_data_stays_within_the_limits()
    {
        var (s, sink) = Start();
        // 20 segments after a hole that never fills: the limit (8 segments, 4 KiB) forces the hole to be skipped.
        for (int i = 0; i < 20; i++) s.Client(30 + i, (uint)(2001 + i * 100), 5001, Ack, 100);
        Assert.True(s.Tracker.Budget.PeakBuffered <= 4096);
        Assert.Contains(sink.Gaps, g => g.Reason == GapReason.BufferLimit && g.Length == 1000);
        s.Tracker.Finish(s.LastFrame);
        Assert.Equal(0, s.Tracker.Budget.Buffered);
    }

    [Fact]
    public void A_syn_ack_payload_is_delivered_at_the_start()
    {
        var sink = new Collector();
        var s = new Script(sinks: _ => sink);
        s.Client(0, 1000, 0, Syn);
        s.Server(10, 5000, 1001, Syn | Ack, payload: B("xy"));
        Assert.Equal("xy", sink.Server.ToString());
    }
}

public sealed class ReassemblyConflictTests
{
    [Fact]
    public void Overlapping_out_of_order_copies_with_different_bytes_are_counted_as_conflicts()
    {
        var s = new Script(sinks: _ => new NullSink());
        s.Handshake();
        s.Client(30, 1011, 5001, Script.Ack, payload: System.Text.Encoding.ASCII.GetBytes("abcdef"));
        s.Client(31, 1013, 5001, Script.Ack, payload: System.Text.Encoding.ASCII.GetBytes("cXeY"));
        Assert.Equal(2, s.Tracker.ReassemblerOf(0)!.ConflictBytes(true));
    }

    private sealed class NullSink : Wirecase.Flows.Reassembly.IStreamSink
    {
        public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data) { }
        public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, Wirecase.Flows.Reassembly.GapReason reason) { }
    }
}
