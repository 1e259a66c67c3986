using System.Reflection;
using Wirecase.Flows.Tcp;
using Wirecase.Packets;
using static Wirecase.Flows.Tests.Script;

namespace Wirecase.Flows.Tests;

/// <summary>The connection table letting go of connections (<see cref="TcpRetirementPolicy"/>): when, what is handed
/// over, and what a later packet on the same 4-tuple finds.</summary>
public sealed class TcpRetirementTests
{
    /// <summary>What the callback saw of each connection handed over (the object is reused afterwards).</summary>
    private sealed record Handed(int Stream, string State, string History, long Packets, bool Resumed, ushort ClientPort);

    private static (Script Script, List<Handed> Handed) Make(TcpRetirementPolicy policy)
    {
        var handed = new List<Handed>();
        var s = new Script(retirement: policy, retired: c => handed.Add(new Handed(c.Stream, c.State, c.History,
            c.Originator.Packets + c.Responder.Packets, c.Resumed, c.OriginatorPort)));
        return (s, handed);
    }

    [Fact]
    public void A_closed_connection_is_let_go_of_once_its_linger_has_passed()
    {
        var (s, handed) = Make(new TcpRetirementPolicy { ClosedLinger = TimeSpan.FromSeconds(10) });
        s.OpenAndClose();
        s.ClientPort = 40001;
        s.Client(9_000, 7000, 0, Syn);              // 8.9 s after the close: still held
        Assert.Empty(handed);
        s.Client(10_500, 7000, 0, Syn);             // 10.4 s: let go of before this segment is analysed
        var first = Assert.Single(handed);
        Assert.Equal(new Handed(0, "SF", "ShADaFf", 8, false, 40000), first);
        Assert.Null(s.Tracker.Tcp.ByStream(0));
        Assert.Equal([1], s.Tracker.Tcp.Live.Select(c => c.Stream));
        Assert.Throws<InvalidOperationException>(() => s.Tracker.Tcp.Connections);
    }

    [Fact]
    public void An_open_connection_is_let_go_of_after_the_idle_timeout_and_a_late_packet_resumes_its_stream()
    {
        var (s, handed) = Make(new TcpRetirementPolicy { IdleTimeout = TimeSpan.FromSeconds(60) });
        s.Handshake();
        s.Client(30, 1001, 5001, Psh | Ack, 100);
        s.ClientPort = 40001;
        s.Client(61_000, 7000, 0, Syn);             // the first connection is silent for 61 s
        Assert.Equal([0], handed.Select(h => h.Stream));
        s.ClientPort = 40000;
        var late = s.Client(62_000, 1001, 5001, Psh | Ack, 100);   // the same 100 bytes again
        Assert.Equal(0, late.Stream);
        Assert.Equal(1u, late.RelativeSeq);        // sequence numbers stay relative to the first ISN
        Assert.True(late.Has(TcpAnalysisFlags.Retransmission));
        var resumed = s.Tracker.Tcp.ByStream(0)!;
        Assert.True(resumed.Resumed);
        Assert.Equal(HandshakeResult.Completed, resumed.Handshake);
        Assert.Equal(20_000_000, resumed.InitialRttNs);
        Assert.Equal(1, resumed.Originator.Packets);   // counters start over: the consumer adds the parts up
        s.Tracker.Finish(s.LastFrame);
        Assert.Equal([0, 0, 1], handed.Select(h => h.Stream));   // let go of, then at the end in stream order
        Assert.Equal(3, s.Tracker.Tcp.RetiredCount);
        Assert.Equal(1, s.Tracker.Tcp.ResumedCount);
        Assert.True(handed[1].Resumed);
        Assert.Equal("ShADT", handed.Last(h => h.Stream == 0).History);
    }

    [Fact]
    public void A_new_syn_on_a_let_go_of_4_tuple_is_a_port_reuse_and_a_new_stream()
    {
        var (s, handed) = Make(new TcpRetirementPolicy { ClosedLinger = TimeSpan.FromSeconds(1) });
        s.OpenAndClose();
        s.ClientPort = 40001;
        s.Client(5_000, 7000, 0, Syn);             // lets the first go
        s.ClientPort = 40000;
        var reuse = s.Client(6_000, 9000, 0, Syn); // same 4-tuple, new ISN
        Assert.Equal(2, reuse.Stream);
        Assert.True(reuse.Has(TcpAnalysisFlags.ReusedPorts));
        Assert.False(reuse.Has(TcpAnalysisFlags.SynOnOpenConnection));
        var resent = s.Client(6_500, 9000, 0, Syn); // the same SYN again stays in its stream
        Assert.Equal(2, resent.Stream);
        Assert.True(resent.Has(TcpAnalysisFlags.Retransmission));
    }

    [Fact]
    public void The_table_never_holds_more_than_its_bound_and_every_connection_comes_out_once()
    {
        var (s, handed) = Make(new TcpRetirementPolicy { MaxLiveConnections = 10 });
        for (int i = 0; i < 100; i++)
        {
            s.ClientPort = (ushort)(41000 + i);
            s.Client(i, 1000, 0, Syn);
            Assert.True(s.Tracker.Tcp.Live.Count() <= 10);
        }
        s.Tracker.Finish(s.LastFrame);
        Assert.Equal(Enumerable.Range(0, 100), handed.Select(h => h.Stream).Order());
        Assert.Equal(Enumerable.Range(0, 100).Select(i => (ushort)(41000 + i)), handed.OrderBy(h => h.Stream).Select(h => h.ClientPort));
        Assert.All(handed, h => Assert.Equal("S0", h.State));
        Assert.Empty(s.Tracker.Tcp.Live);
    }

    [Fact]
    public void Reassemblers_of_connections_let_go_of_serve_the_next_ones_and_never_outnumber_the_bound()
    {
        var seen = new HashSet<Reassembly.TcpStreamReassembler>(ReferenceEqualityComparer.Instance);
        int handed = 0;
        var s = new Script(sinks: _ => new CountingSink(), retirement: new TcpRetirementPolicy { MaxLiveConnections = 10 },
            retired: c =>
            {
                handed++;
                if (c.Reassembler is { } r) seen.Add(r);
            });
        for (int i = 0; i < 100; i++)
        {
            s.ClientPort = (ushort)(42000 + i);
            s.Client(i, 1000, 0, Syn);
            s.Client(i + 0.5, 1001, 0, Psh, 10);   // payload: the connection gets a reassembler
        }
        s.Tracker.Finish(s.LastFrame);
        Assert.Equal(100, handed);
        // Spare and held reassemblers together stay within the bound on held connections: bursts of retirements (the
        // table full) leave none to the garbage collector.
        Assert.InRange(seen.Count, 1, 10);
    }

    private sealed class CountingSink : Reassembly.IStreamSink
    {
        public long Bytes;
        public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data) => Bytes += data.Length;
        public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, Reassembly.GapReason reason) { }
    }

    [Fact]
    public void A_4_tuple_is_forgotten_after_the_time_asked_for()
    {
        var (s, handed) = Make(new TcpRetirementPolicy { ClosedLinger = TimeSpan.FromSeconds(1), RememberFor = TimeSpan.FromSeconds(30) });
        s.OpenAndClose();
        s.ClientPort = 40001;
        s.Client(2_000, 7000, 0, Syn);
        s.ClientPort = 40000;
        var late = s.Client(40_000, 1012, 5002, Ack);   // 38 s after it was let go of: a new, mid-stream connection
        Assert.Equal(2, late.Stream);
        Assert.True(s.Tracker.Tcp.ByStream(2)!.MidStream);
    }

    [Fact]
    public void A_reused_connection_object_is_exactly_like_a_new_one()
    {
        var key = FlowKey.For(IpAddressValue.V4([192, 0, 2, 1]), 1, IpAddressValue.V4([192, 0, 2, 2]), 2, 6, out _);
        var fresh = new TcpConnection(7, key, key.AddressA, 1, key.AddressB, 2, 3, 4);
        var reused = new TcpConnection(1, key, key.AddressB, 2, key.AddressA, 1, 9, 9);
        Dirty(reused);
        Dirty(reused.Originator);
        Dirty(reused.Responder);
        reused.Reuse(7, key, key.AddressA, 1, key.AddressB, 2, 3, 4);
        AssertSameFields(fresh, reused);
        AssertSameFields(fresh.Originator, reused.Originator);
        AssertSameFields(fresh.Responder, reused.Responder);
    }

    private static IEnumerable<FieldInfo> Fields(Type t) =>
        t.GetFields(BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic).Where(f => !f.IsInitOnly);

    /// <summary>Sets every settable field to something other than its default (arrays: kept, their use is reset).</summary>
    private static void Dirty(object o)
    {
        foreach (var f in Fields(o.GetType()))
        {
            var t = f.FieldType;
            object? value = t == typeof(bool) ? true : t == typeof(int) ? 3 : t == typeof(long) ? 5L : t == typeof(ulong) ? 13UL : t == typeof(uint) ? 7u
                : t == typeof(byte) ? (byte)9 : t == typeof(ushort?) ? (ushort?)11 : t == typeof(ushort) ? (ushort)11
                : t.IsEnum ? Enum.ToObject(t, 1) : t == typeof(char[]) ? "ShADa".ToCharArray() : t == typeof(int[]) ? new[] { 1, 2, 3, 4, 5, 6, 7, 8 }
                : t == typeof(uint[]) ? new uint[8] : null;
            if (value is not null) f.SetValue(o, value);
        }
    }

    private static void AssertSameFields(object expected, object actual)
    {
        foreach (var f in Fields(expected.GetType()))
        {
            object? e = f.GetValue(expected), a = f.GetValue(actual);
            if (f.FieldType.IsArray)
            {
                // A kept array is fine when nothing of it is in use: an emptied count, or zeroed repeat counters.
                if (a is int[] counts) Assert.All(counts, n => Assert.Equal(0, n));
                continue;
            }
            if (f.FieldType == typeof(UnackedSegments)) { Assert.Equal(0, ((UnackedSegments)a!).Count); continue; }
            if (f.FieldType == typeof(TcpDirection) || f.FieldType == typeof(TcpConnection)) continue;
            Assert.True(Equals(e, a), $"{expected.GetType().Name}.{f.Name}: new {e}, reused {a}");
        }
    }
}
