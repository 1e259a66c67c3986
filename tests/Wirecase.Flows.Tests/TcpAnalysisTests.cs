using Wirecase.Flows.Tcp;
using static Wirecase.Flows.Tests.Script;

namespace Wirecase.Flows.Tests;

public sealed class TcpAnalysisTests
{
    [Fact]
    public void Handshake_completes_with_initial_rtt_and_state_S1()
    {
        var s = new Script();
        s.Handshake();
        var c = s.Connection();
        Assert.Equal(HandshakeResult.Completed, c.Handshake);
        Assert.Equal(20_000_000, c.InitialRttNs);
        Assert.Equal("S1", c.State);
        Assert.Equal("ShA", c.History);
        Assert.False(c.MidStream);
    }

    [Fact]
    public void Closed_both_ways_is_SF()
    {
        var s = new Script();
        s.OpenAndClose();
        Assert.Equal("SF", s.Connection().State);
        Assert.Equal("ShADaFf", s.Connection().History);
    }

    [Theory]
    [InlineData(Rst | Ack, "REJ", HandshakeResult.Refused)]
    [InlineData(0, "S0", HandshakeResult.Unanswered)]
    public void Unanswered_and_refused_attempts(byte reply, string state, HandshakeResult handshake)
    {
        var s = new Script();
        s.Client(0, 1000, 0, Syn);
        if (reply != 0) s.Server(1, 0, 1001, reply);
        Assert.Equal(state, s.Connection().State);
        Assert.Equal(handshake, s.Connection().Handshake);
    }

    [Fact]
    public void A_resent_syn_is_a_retransmission_with_backoff_visible_in_rto()
    {
        var s = new Script();
        s.Client(0, 1000, 0, Syn);
        var second = s.Client(1000, 1000, 0, Syn);
        var third = s.Client(3000, 1000, 0, Syn);
        Assert.True(second.Has(TcpAnalysisFlags.Retransmission));
        Assert.Equal(1_000_000_000, second.RtoNs);
        Assert.Equal(3_000_000_000, third.RtoNs);
        Assert.Equal(1, second.RtoFrame);
    }

    [Fact]
    public void Data_retransmitted_after_a_timeout_is_a_retransmission()
    {
        var s = new Script();
        s.Handshake();
        s.Client(30, 1001, 5001, Psh | Ack, 100);
        var again = s.Client(300, 1001, 5001, Psh | Ack, 100);
        Assert.True(again.Has(TcpAnalysisFlags.Retransmission));
        Assert.False(again.Has(TcpAnalysisFlags.OutOfOrder));
        Assert.Equal(270_000_000, again.RtoNs);
        Assert.Equal(1, s.Connection().Originator.Retransmissions);
    }

    [Fact]
    public void Three_duplicate_acks_then_a_fast_retransmission()
    {
        var s = new Script();
        s.Handshake();
        s.Client(30, 1001, 5001, Ack, 100);
        s.Client(31, 1101, 5001, Ack, 100);   // the receiver misses this one's predecessor…
        var update = s.Server(40, 5001, 1001, Ack, window: 64000);   // a new window: not a duplicate of the SYN-ACK
        var d1 = s.Server(41, 5001, 1001, Ack, window: 64000);
        var d2 = s.Server(42, 5001, 1001, Ack, window: 64000);
        Assert.True(update.Has(TcpAnalysisFlags.WindowUpdate));
        var fast = s.Client(45, 1001, 5001, Ack, 100);
        Assert.True(d1.Has(TcpAnalysisFlags.DuplicateAck));
        Assert.Equal(2, d2.DuplicateAckNumber);
        Assert.Equal(2, d2.DuplicateAckOfFrame);   // the last frame that moved the ACK, as Wireshark counts
        Assert.True(fast.Has(TcpAnalysisFlags.FastRetransmission));
        Assert.True(fast.Has(TcpAnalysisFlags.Retransmission));
    }

    [Fact]
    public void A_gap_in_sequence_is_a_previous_segment_not_captured()
    {
        var s = new Script();
        s.Handshake();
        var a = s.Client(30, 1501, 5001, Ack, 100);
        Assert.True(a.Has(TcpAnalysisFlags.LostSegment));
        // The ACK covers the hole's bytes, which were never captured: Wireshark flags that too.
        var ack = s.Server(40, 5001, 1601, Ack);
        Assert.True(ack.Has(TcpAnalysisFlags.AckLostSegment));
    }

    [Fact]
    public void An_ack_beyond_anything_seen_is_an_acked_unseen_segment()
    {
        var s = new Script();
        s.Handshake();
        s.Client(30, 1001, 5001, Ack, 100);
        var a = s.Server(40, 5001, 1301, Ack);
        Assert.True(a.Has(TcpAnalysisFlags.AckLostSegment));
    }

    [Fact]
    public void Keep_alive_and_its_ack()
    {
        var s = new Script();
        s.Handshake();
        s.Server(25, 5001, 1001, Ack);
        var ka = s.Client(7200_000, 1000, 5001, Ack, 1);
        var kaAck = s.Server(7200_010, 5001, 1001, Ack);
        Assert.True(ka.Has(TcpAnalysisFlags.KeepAlive));
        Assert.False(ka.Has(TcpAnalysisFlags.Retransmission));
        Assert.True(kaAck.Has(TcpAnalysisFlags.KeepAliveAck));
    }

    [Fact]
    public void Zero_window_probe_and_window_update()
    {
        var s = new Script();
        s.Handshake();
        s.Client(30, 1001, 5001, Ack, 100);
        var zero = s.Server(40, 5001, 1101, Ack, window: 0);
        var probe = s.Client(300, 1101, 5001, Ack, 1);
        var probeAck = s.Server(310, 5001, 1101, Ack, window: 0);
        var update = s.Server(500, 5001, 1101, Ack, window: 8192);
        Assert.True(zero.Has(TcpAnalysisFlags.ZeroWindow));
        Assert.True(probe.Has(TcpAnalysisFlags.ZeroWindowProbe));
        Assert.True(probeAck.Has(TcpAnalysisFlags.ZeroWindowProbeAck));
        Assert.True(update.Has(TcpAnalysisFlags.WindowUpdate));
        Assert.Equal(460_000_000, s.Connection().Responder.ZeroWindowTimeNs);
        Assert.Contains('w', s.Connection().History);
    }

    [Fact]
    public void Window_scaling_applies_only_when_both_sides_offer_it()
    {
        byte[] ws7 = [1, 3, 3, 7];
        var both = new Script();
        both.Handshake(ws7, ws7);
        var scaled = both.Server(30, 5001, 1001, Ack, window: 100);
        Assert.Equal(100 << 7, scaled.ScaledWindow);
        var one = new Script();
        one.Handshake(ws7, null);
        var unscaled = one.Server(30, 5001, 1001, Ack, window: 100);
        Assert.Equal(100, unscaled.ScaledWindow);
    }

    [Fact]
    public void Sequence_numbers_wrap_around()
    {
        var s = new Script();
        s.Client(0, 0xFFFFFF00, 0, Syn);
        s.Server(10, 5000, 0xFFFFFF01, Syn | Ack);
        s.Client(20, 0xFFFFFF01, 5001, Ack);
        s.Client(30, 0xFFFFFF01, 5001, Ack, 0x200);
        var next = s.Client(31, 0x101, 5001, Ack, 100);
        var ack = s.Server(40, 5001, 0x165, Ack);
        Assert.Equal(TcpAnalysisFlags.None, next.Flags);
        Assert.Equal(0x200u, next.RelativeSeq - 1);
        Assert.False(ack.Has(TcpAnalysisFlags.AckLostSegment));
        Assert.Equal(9_000_000, ack.AckRttNs);
    }

    [Fact]
    public void Ack_rtt_and_bytes_in_flight()
    {
        var s = new Script();
        s.Handshake();
        var first = s.Client(30, 1001, 5001, Ack, 100);
        var second = s.Client(31, 1101, 5001, Ack, 100);
        var ack = s.Server(50, 5001, 1201, Ack);
        Assert.Equal(100u, first.BytesInFlight);
        Assert.Equal(200u, second.BytesInFlight);
        Assert.Equal(5, ack.AckedFrame);
        Assert.Equal(19_000_000, ack.AckRttNs);
        Assert.Equal(200u, s.Connection().Originator.MaxBytesInFlight);
    }

    [Fact]
    public void A_syn_with_a_new_isn_after_close_is_a_new_stream_with_reused_ports()
    {
        var s = new Script();
        s.Handshake();
        s.Client(30, 1001, 5001, Fin | Ack);
        s.Server(31, 5001, 1002, Fin | Ack);
        var syn = s.Client(25_000, 90000, 0, Syn);
        Assert.True(syn.Has(TcpAnalysisFlags.ReusedPorts));
        Assert.False(syn.Has(TcpAnalysisFlags.SynOnOpenConnection));
        Assert.Equal(1, syn.Stream);
        Assert.Same(s.Connection(0), s.Connection(1).Previous);
    }

    [Fact]
    public void Case_C_a_syn_on_a_connection_still_open_answered_by_a_stale_ack()
    {
        var s = new Script();
        s.Handshake();
        s.Client(30, 1001, 5001, Psh | Ack, 50);
        s.Server(40, 5001, 1051, Ack);
        // The client went silent without FIN; 25 s later it opens again from the same port.
        var syn = s.Client(25_000, 777_000, 0, Syn);
        var stale = s.Server(25_001, 5001, 1051, Ack);
        var retry = s.Client(26_000, 777_000, 0, Syn);
        Assert.True(syn.Has(TcpAnalysisFlags.ReusedPorts | TcpAnalysisFlags.SynOnOpenConnection));
        Assert.True(stale.Has(TcpAnalysisFlags.SynAnsweredByAck));
        Assert.True(retry.Has(TcpAnalysisFlags.Retransmission));
        var c = s.Connection(1);
        Assert.Equal(1, c.SynAnsweredByAck);
        Assert.Equal(2, c.SynCount);
        Assert.Equal("S1", s.Connection(0).State);
    }

    [Fact]
    public void Case_D_a_syn_ack_with_payload_and_an_ack_of_isn_plus_three()
    {
        var s = new Script();
        s.Client(0, 367515135, 0, Syn);
        var synAck = s.Server(10, 2180033885, 367515136, Syn | Ack, 2);
        var ack = s.Client(11, 367515136, 2180033888, Ack);
        Assert.True(synAck.Has(TcpAnalysisFlags.SynWithPayload));
        Assert.True(ack.Has(TcpAnalysisFlags.HandshakeAckMismatch));
        Assert.Equal(1, s.Connection().HandshakeAckMismatch);
    }

    [Fact]
    public void Segments_larger_than_the_peers_mss_are_marked_as_offload()
    {
        byte[] mss1460 = [2, 4, 5, 0xB4];
        var s = new Script();
        s.Handshake(mss1460, mss1460);
        var big = s.Client(30, 1001, 5001, Ack, 8688);
        Assert.True(big.Has(TcpAnalysisFlags.LargerThanMss));
    }

    [Fact]
    public void A_capture_that_starts_mid_stream_is_marked()
    {
        var s = new Script();
        s.Client(0, 123456, 654321, Ack, 10);
        s.Server(5, 654321, 123466, Ack);
        var c = s.Connection();
        Assert.True(c.MidStream);
        Assert.Equal("OTH", c.State);
        Assert.Equal(HandshakeResult.NotSeen, c.Handshake);
    }
}

public sealed class FingerprintTests
{
    [Fact]
    public void An_ack_with_another_ttl_than_the_servers_stands_out()
    {
        var server = Wirecase.TestKit.FrameBuilder.Create().Addresses("203.0.113.5", "192.0.2.10");
        var s = new Script();
        s.Handshake();
        var forged = s.Send(server.Ttl(255).Tcp(25, 40000, 5001, 1001, Script.Ack), 30);
        Assert.True(forged.Has(Wirecase.Flows.Tcp.TcpAnalysisFlags.TtlChanged));
        Assert.Equal(1, s.Connection().Responder.TtlChanges);
    }
}

public sealed class RttTests
{
    [Fact]
    public void Acks_of_retransmitted_data_give_no_rtt_sample_Karn()
    {
        var s = new Script();
        s.Handshake();
        s.Client(30, 1001, 5001, Script.Ack, 100);
        s.Server(40, 5001, 1101, Script.Ack);              // sample: 10 ms
        s.Client(50, 1101, 5001, Script.Ack, 100);
        s.Client(350, 1101, 5001, Script.Ack, 100);        // retransmission
        var ack = s.Server(360, 5001, 1201, Script.Ack);   // acks the retransmission: ambiguous
        Assert.True(ack.AckedRetransmission);
        var client = s.Connection().Originator;
        Assert.Equal(2, client.RttSamples);          // SYN → SYN-ACK and the first data, both 10 ms
        Assert.Equal(20_000_000, client.RttSumNs);
    }
}

public sealed class StyleTests
{
    private static readonly byte[] Timestamps = [1, 1, 8, 10, 0, 0, 0, 1, 0, 0, 0, 1];

    [Fact]
    public void Case_B_an_ack_without_the_servers_timestamps_and_ip_id_stands_out()
    {
        var s = new Script();
        s.Handshake(Timestamps, Timestamps);
        var real = s.Server(30, 5001, 1001, Script.Ack, options: Timestamps);
        var server = Wirecase.TestKit.FrameBuilder.Create().Addresses("203.0.113.5", "192.0.2.10").IpId(0);
        var forged = s.Send(server.Tcp(25, 40000, 5001, 1001, Script.Ack), 31);
        Assert.Equal(Wirecase.Flows.Tcp.TcpAnalysisFlags.None, real.Flags & (Wirecase.Flows.Tcp.TcpAnalysisFlags.OptionsStyleChanged | Wirecase.Flows.Tcp.TcpAnalysisFlags.IpIdStyleChanged));
        Assert.True(forged.Has(Wirecase.Flows.Tcp.TcpAnalysisFlags.OptionsStyleChanged));
        Assert.True(forged.Has(Wirecase.Flows.Tcp.TcpAnalysisFlags.IpIdStyleChanged));
        Assert.Equal(2, s.Connection().Responder.StyleChanges);
    }
}
