using Wirecase.Packets;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// Judges each segment the way Wireshark's TCP sequence analysis does (packet-tcp.c, tcp_analyze_sequence_number), so
/// that the flags mean what Wireshark users expect; the checks run in Wireshark's order because later checks depend on
/// earlier results (a keep-alive is never a retransmission; a zero-window probe does not advance the sequence).
/// All sequence arithmetic is modulo 2^32 through <see cref="SeqNumber"/>.
/// </summary>
internal sealed class TcpSequenceAnalyzer
{
    /// <summary>A retransmission within this time of the third duplicate ACK is a fast retransmission (Wireshark: 20 ms).</summary>
    private const long FastRetransmissionWindowNs = 20_000_000;
    /// <summary>Without a handshake RTT, a segment below the highest sequence within this time is out of order (3 ms).</summary>
    private const long DefaultOutOfOrderThresholdNs = 3_000_000;
    private const TcpFlags SynFinRst = TcpFlags.Syn | TcpFlags.Fin | TcpFlags.Rst;

    private bool[] _removals = new bool[64];

    public void Analyze(TcpConnection c, long frame, long ts, in DecodedPacket p, ref TcpSegmentAnalysis a)
    {
        bool fromOriginator = c.OriginatorAddress == p.Source && c.OriginatorPort == p.SourcePort;
        var fwd = c.Direction(fromOriginator);
        var rev = c.Direction(!fromOriginator);
        var flags = p.TcpFlags;
        uint seq = p.Sequence.Value, ack = p.Acknowledgment.Value;
        uint window = p.Window;
        int seglen = Math.Max(0, p.PayloadLength);
        bool hasAck = (flags & TcpFlags.Ack) != 0;

        a.Stream = c.Stream;
        c.OnlyInIcmpQuote = false;
        a.FromOriginator = fromOriginator;
        a.SequenceLength = seglen + ((flags & TcpFlags.Syn) != 0 ? 1 : 0) + ((flags & TcpFlags.Fin) != 0 ? 1 : 0);
        c.LastFrame = frame;
        if (ts > c.EndNs) c.EndNs = ts;

        TrackHandshake(c, fwd, rev, frame, ts, p, ref a);
        if (!fwd.BaseSeqSet)
        {
            fwd.BaseSeqSet = true;
            fwd.BaseSeq = (flags & TcpFlags.Syn) != 0 ? seq : seq - 1;
        }

        CheckSequence(fwd, rev, frame, ts, seq, ack, window, seglen, flags, c.InitialRttNs, ref a);
        RecordSent(fwd, frame, ts, seq, seglen, flags, ref a);
        ProcessAck(fwd, rev, ts, ack, hasAck, ref a);
        NoteSack(fwd, p.TcpOptions);
        BytesInFlight(fwd, rev, seglen, ref a);

        // A connection caught mid-stream: the other side's numbers are counted from the first acknowledgment seen
        // (Wireshark's base, so that its first byte is relative 1).
        if (!rev.BaseSeqSet && hasAck)
        {
            rev.BaseSeqSet = true;
            rev.BaseSeq = ack - 1;
        }
        a.RelativeSeq = seq - fwd.BaseSeq;
        a.RelativeAck = rev.BaseSeqSet ? ack - rev.BaseSeq : ack;
        a.InitialRttNs = c.InitialRttNs;
        a.ScaledWindow = (flags & TcpFlags.Syn) != 0 || fwd.WindowScale != TcpDirection.ScaleUnknown
            ? fwd.ScaledWindow(window, (flags & TcpFlags.Syn) != 0) : -1;
        UpdateMetrics(c, fwd, fromOriginator, ts, p, seglen, ref a);
        if (fwd.SawRst || fwd.SawFin && rev.SawFin)
        {
            // The connection is over: what is still unacknowledged will not be, so keep no arrays for it.
            fwd.Unacked.ReleaseIfEmpty();
            rev.Unacked.ReleaseIfEmpty();
        }
    }

    /// <summary>Options and roles from SYN and SYN-ACK; the handshake RTT; Case C and D facts.</summary>
    private static void TrackHandshake(TcpConnection c, TcpDirection fwd, TcpDirection rev, long frame, long ts,
        in DecodedPacket p, ref TcpSegmentAnalysis a)
    {
        var flags = p.TcpFlags;
        bool syn = (flags & TcpFlags.Syn) != 0, ackFlag = (flags & TcpFlags.Ack) != 0;
        if (syn)
        {
            fwd.SawSyn = true;
            ref readonly var o = ref p.TcpOptions;
            if (o.HasMss) fwd.Mss = o.Mss;
            fwd.SackPermitted |= o.SackPermitted;
            fwd.Timestamps |= o.HasTimestamps;
            if (o.HasWindowScale) fwd.WindowScale = Math.Min((int)o.WindowScale, 14);   // RFC 7323 §2.3: at most 14
            else if (fwd.WindowScale == TcpDirection.ScaleUnknown) fwd.WindowScale = TcpDirection.ScaleNone;
            // Scaling is used only when both sides offer it (RFC 7323 §1.3).
            if (ackFlag && (fwd.WindowScale == TcpDirection.ScaleNone || rev.WindowScale == TcpDirection.ScaleNone))
            {
                fwd.WindowScale = TcpDirection.ScaleNone;
                rev.WindowScale = TcpDirection.ScaleNone;
            }
            if (p.PayloadLength > 0)
            {
                a.Flags |= TcpAnalysisFlags.SynWithPayload;
                c.SynWithPayload++;
            }
            if (!ackFlag)
            {
                c.SynCount++;
                if (c.SynFrame == 0) c.SynFrame = frame;
                c.MostRecentSynNs = ts;
                if (c.Handshake == HandshakeResult.NotSeen) c.Handshake = HandshakeResult.Unanswered;
            }
            else
            {
                if (c.SynAckFrame == 0) c.SynAckFrame = frame;
                if (c.Handshake is HandshakeResult.NotSeen or HandshakeResult.Unanswered) c.Handshake = HandshakeResult.SynAckSeen;
            }
            return;
        }
        if (!ackFlag) return;
        // The ACK completing the handshake: the first ACK after a SYN (Wireshark's iRTT: SYN to this ACK).
        if (c.InitialRttNs == 0 && c.SynCount > 0 && c.SynAckFrame != 0)
        {
            c.InitialRttNs = Math.Max(1, ts - c.MostRecentSynNs);
            c.HandshakeAckFrame = frame;
            c.Handshake = HandshakeResult.Completed;
            // RFC 9293 §3.5: the handshake ACK acknowledges the peer's ISN + 1.
            if (rev.SawSyn && p.Acknowledgment.Value != rev.BaseSeq + 1)
            {
                a.Flags |= TcpAnalysisFlags.HandshakeAckMismatch;
                c.HandshakeAckMismatch++;
            }
        }
        // A bare ACK answering a SYN that has no SYN-ACK: the responder (or a middlebox) holds older state for the
        // 4-tuple and sends a challenge ACK (RFC 5961 §4) with the old sequence space.
        if (c.SynCount > 0 && !rev.SawFin && c.SynAckFrame == 0 && fwd == c.Responder && rev.SawSyn &&
            p.Acknowledgment.Value != rev.BaseSeq + 1 && (flags & TcpFlags.Rst) == 0)
        {
            a.Flags |= TcpAnalysisFlags.SynAnsweredByAck;
            c.SynAnsweredByAck++;
        }
    }

    private static void CheckSequence(TcpDirection fwd, TcpDirection rev, long frame, long ts, uint seq, uint ack,
        uint window, int seglen, TcpFlags flags, long initialRttNs, ref TcpSegmentAnalysis a)
    {
        bool synFinRst = (flags & SynFinRst) != 0;
        bool sameSeq = fwd.HasNextSeq && seq == fwd.NextSeq;
        bool sameAck = fwd.HasLastAck && ack == fwd.LastAck;

        // Zero window probe: one byte at the next expected sequence while the peer's window is zero.
        if (seglen == 1 && sameSeq && rev.HasWindow && rev.Window == 0)
        {
            a.Flags |= TcpAnalysisFlags.ZeroWindowProbe;
            goto finishedForward;
        }
        if (window == 0 && (flags & SynFinRst) == 0) a.Flags |= TcpAnalysisFlags.ZeroWindow;
        // Previous segment not captured: the segment starts beyond the highest sequence seen (RST excluded).
        if (fwd.HasNextSeq && new SeqNumber(seq) > new SeqNumber(fwd.NextSeq) && (flags & TcpFlags.Rst) == 0)
        {
            a.Flags |= TcpAnalysisFlags.LostSegment;
            fwd.ValidBytesInFlight = false;
        }
        // Keep-alive: 0 or 1 byte starting one before the next expected sequence.
        if (seglen <= 1 && fwd.HasNextSeq && seq == fwd.NextSeq - 1 && !synFinRst) a.Flags |= TcpAnalysisFlags.KeepAlive;
        // Window update: nothing new but the window.
        if (seglen == 0 && window != 0 && fwd.HasWindow && window != fwd.Window && sameSeq && sameAck && !synFinRst)
            a.Flags |= TcpAnalysisFlags.WindowUpdate;
        // Window full: the data reaches the right edge of the window the peer advertised.
        if (seglen > 0 && rev.WindowScale != TcpDirection.ScaleUnknown && rev.HasLastAck && rev.HasWindow && !synFinRst &&
            seq + (uint)seglen == rev.LastAck + (uint)rev.ScaledWindow(rev.Window, rev.WindowFromSyn))
            a.Flags |= TcpAnalysisFlags.WindowFull;
        if (seglen == 0 && window != 0 && fwd.HasWindow && window == fwd.Window && sameSeq && sameAck && !synFinRst &&
            (rev.LastSegmentFlags & TcpAnalysisFlags.KeepAlive) != 0)
        {
            a.Flags |= TcpAnalysisFlags.KeepAliveAck;
            goto finishedForward;
        }
        if (seglen == 0 && window == 0 && fwd.HasWindow && window == fwd.Window && sameSeq && !synFinRst &&
            fwd.HasLastAck && (ack == fwd.LastAck || ack == fwd.LastAck + 1) &&
            (rev.LastSegmentFlags & TcpAnalysisFlags.ZeroWindowProbe) != 0)
        {
            a.Flags |= TcpAnalysisFlags.ZeroWindowProbeAck;
            goto finishedForward;
        }
        // Duplicate ACK: same seq, ack and window, no data.
        if (seglen == 0 && window != 0 && fwd.HasWindow && window == fwd.Window && sameSeq && sameAck && !synFinRst)
        {
            fwd.DupAckCount++;
            a.Flags |= TcpAnalysisFlags.DuplicateAck;
            a.DuplicateAckNumber = fwd.DupAckCount;
            a.DuplicateAckOfFrame = fwd.LastNonDupAckFrame;
        }

    finishedForward:
        // The duplicate-ACK count restarts only when the acknowledgment moves: a window update or data carrying the
        // same ACK keeps counting (as Wireshark does; fast-retransmission detection relies on it).
        if (!fwd.HasLastAck || ack != fwd.LastAck)
        {
            fwd.LastNonDupAckFrame = frame;
            fwd.DupAckCount = 0;
        }
        // ACKed unseen segment: the ACK covers more than the peer was seen to send contiguously.
        // Only a new acknowledgment is judged: repeating the same ACK does not raise it again (as tshark).
        if (rev.HasMaxSeqToBeAcked && new SeqNumber(ack) > new SeqNumber(rev.MaxSeqToBeAcked) && (flags & TcpFlags.Ack) != 0 &&
            !sameAck)
        {
            a.Flags |= TcpAnalysisFlags.AckLostSegment;
            rev.MaxSeqToBeAcked = rev.NextSeq;
        }
        ClassifyOldSequence(fwd, rev, ts, seq, seglen, flags, initialRttNs, ref a);
    }

    /// <summary>A segment with data (or SYN/FIN) below the highest sequence seen is a fast retransmission, an
    /// spurious retransmission (all of it already acknowledged), an out-of-order segment or a retransmission — in
    /// that order of checks.</summary>
    private static void ClassifyOldSequence(TcpDirection fwd, TcpDirection rev, long ts, uint seq, int seglen,
        TcpFlags flags, long initialRttNs, ref TcpSegmentAnalysis a)
    {
        if (!(seglen > 0 || (flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0)) return;
        if (!fwd.HasNextSeq || !(new SeqNumber(seq) < new SeqNumber(fwd.NextSeq))) return;
        if ((a.Flags & TcpAnalysisFlags.KeepAlive) != 0) return;
        if (rev.DupAckCount >= 2 && rev.HasLastAck && rev.LastAck == seq && ts - rev.LastAckTimeNs < FastRetransmissionWindowNs)
        {
            // Wireshark sets tcp.analysis.retransmission on fast and spurious retransmissions too.
            a.Flags |= TcpAnalysisFlags.FastRetransmission | TcpAnalysisFlags.Retransmission;
            return;
        }
        // Wireshark treats an acknowledgment number of 0 as "none yet" here (a peer that sent only a SYN).
        if (seglen > 0 && rev.HasLastAck && rev.LastAck != 0 && new SeqNumber(seq + (uint)seglen) <= new SeqNumber(rev.LastAck))
        {
            a.Flags |= TcpAnalysisFlags.SpuriousRetransmission | TcpAnalysisFlags.Retransmission;
            return;
        }
        long threshold = initialRttNs > 0 ? initialRttNs : DefaultOutOfOrderThresholdNs;
        uint end = seq + (uint)seglen + ((flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0 ? 1u : 0u);
        if (ts - fwd.NextSeqTimeNs < threshold && fwd.NextSeq != end)
        {
            a.Flags |= TcpAnalysisFlags.OutOfOrder;
            return;
        }
        a.Flags |= TcpAnalysisFlags.Retransmission;
        // The RTO is the time since the data was first sent (as tshark reports it): the unacked segment with this
        // sequence number when it is still listed, else the last segment that advanced the sequence.
        ref var unacked = ref fwd.Unacked;
        for (int i = 0; i < unacked.Count; i++)
        {
            ref var s = ref unacked[i];
            if (s.Seq == seq)
            {
                a.RtoNs = ts - s.TimestampNs;
                a.RtoFrame = s.Frame;
                return;
            }
        }
        a.RtoNs = ts - fwd.NextSeqTimeNs;
        a.RtoFrame = fwd.NextSeqFrame;
    }

    /// <summary>Remembers what this segment sent: the highest sequence, the unacked list, ack and window.</summary>
    private static void RecordSent(TcpDirection fwd, long frame, long ts, uint seq, int seglen, TcpFlags flags,
        ref TcpSegmentAnalysis a)
    {
        uint nextSeq = seq + (uint)seglen;
        bool synOrFin = (flags & (TcpFlags.Syn | TcpFlags.Fin)) != 0;
        if (synOrFin) nextSeq++;
        bool resent = (a.Flags & (TcpAnalysisFlags.Retransmission | TcpAnalysisFlags.FastRetransmission |
            TcpAnalysisFlags.SpuriousRetransmission)) != 0;
        if (seglen > 0 || synOrFin) fwd.Unacked.TryAdd(frame, seq, nextSeq, ts, resent);
        bool probe = (a.Flags & TcpAnalysisFlags.ZeroWindowProbe) != 0;
        if (!fwd.HasNextSeq || new SeqNumber(nextSeq) > new SeqNumber(fwd.NextSeq))
        {
            if (!probe)
            {
                fwd.HasNextSeq = true;
                fwd.NextSeq = nextSeq;
                fwd.NextSeqFrame = frame;
                fwd.NextSeqTimeNs = ts;
            }
        }
        if (!fwd.HasMaxSeqToBeAcked || seq == fwd.MaxSeqToBeAcked)
        {
            if (!probe && fwd.HasNextSeq)
            {
                fwd.HasMaxSeqToBeAcked = true;
                fwd.MaxSeqToBeAcked = fwd.NextSeq;
            }
        }
        fwd.LastSegmentFlags = a.Flags;
    }

    /// <summary>Stores this side's ack and window, and drops what it acknowledges from the peer's unacked list
    /// (measuring the ACK RTT on an exact match, as Wireshark does).</summary>
    private void ProcessAck(TcpDirection fwd, TcpDirection rev, long ts, uint ack, bool hasAck, ref TcpSegmentAnalysis a)
    {
        fwd.HasLastAck = true;
        fwd.LastAck = ack;
        fwd.LastAckTimeNs = ts;
        ref var list = ref rev.Unacked;
        int n = list.Count;
        if (n == 0 || !hasAck) return;
        if (list.Sorted)
        {
            AckSorted(ref list, rev, ts, ack, ref a);
            return;
        }
        if (_removals.Length < n) _removals = new bool[Math.Max(n, _removals.Length * 2)];
        var remove = _removals.AsSpan(0, n);
        bool any = false;
        for (int i = 0; i < n; i++)
        {
            ref var s = ref list[i];
            remove[i] = false;
            if (ack == s.NextSeq)
            {
                NoteAcked(ref a, s, ts);
            }
            else if (new SeqNumber(ack) > new SeqNumber(s.Seq) && new SeqNumber(ack) <= new SeqNumber(s.NextSeq))
            {
                s.Seq = ack;   // partly acknowledged
                continue;
            }
            else if (new SeqNumber(s.NextSeq) > new SeqNumber(ack))
            {
                continue;      // not yet acknowledged
            }
            remove[i] = true;
            any = true;
        }
        if (any)
        {
            list.Compact(remove);
            rev.ValidBytesInFlight = true;   // an ACK from this side makes the peer's bytes in flight known again
        }
    }

    /// <summary>The segment an ACK acknowledges exactly: the first transmission, as Wireshark's acks_frame and ack_rtt
    /// (a retransmission of it is not a new segment); whether any copy was retransmitted is kept so that the RTT
    /// statistics can leave it out (Karn).</summary>
    private static void NoteAcked(ref TcpSegmentAnalysis a, in UnackedSegments.Segment s, long ts)
    {
        if (a.AckedFrame == 0)
        {
            a.AckedFrame = s.Frame;
            a.AckRttNs = ts - s.TimestampNs;
        }
        a.AckedRetransmission |= s.Retransmitted;
    }

    /// <summary>The same outcome as the full scan for a list in order: fully acknowledged segments leave from the
    /// front (the first exact match gives the ACK RTT), then segments the ACK falls inside are trimmed.</summary>
    private static void AckSorted(ref UnackedSegments list, TcpDirection rev, long ts, uint ack, ref TcpSegmentAnalysis a)
    {
        bool removed = false;
        var ackSeq = new SeqNumber(ack);
        while (list.Count > 0)
        {
            ref var s = ref list[0];
            if (ack == s.NextSeq)
            {
                NoteAcked(ref a, s, ts);
            }
            else if (new SeqNumber(s.NextSeq) > ackSeq) break;
            list.PopFront();
            removed = true;
        }
        for (int i = 0; i < list.Count; i++)
        {
            ref var s = ref list[i];
            if (!(ackSeq > new SeqNumber(s.Seq))) break;
            s.Seq = ack;   // partly acknowledged (ack <= NextSeq here)
        }
        if (removed) rev.ValidBytesInFlight = true;
    }

    /// <summary>Bytes in flight after a segment with data: from the lowest unacked sequence to the highest.</summary>
    private static void NoteSack(TcpDirection fwd, in TcpOptionsSummary o)
    {
        fwd.SackBlocks = o.SackBlockCount;
        if (o.SackBlockCount == 0) return;
        var edges = fwd.SackEdges ??= new uint[2 * TcpOptionsSummary.MaxSackBlocks];
        for (int i = 0; i < o.SackBlockCount; i++)
        {
            edges[2 * i] = o.SackLeft(i).Value;
            edges[2 * i + 1] = o.SackRight(i).Value;
        }
    }

    /// <summary>Sent and not yet acknowledged, less what the receiver's latest SACK blocks say it holds (as Wireshark).</summary>
    private static void BytesInFlight(TcpDirection fwd, TcpDirection rev, int seglen, ref TcpSegmentAnalysis a)
    {
        ref var list = ref fwd.Unacked;
        if (seglen == 0 || list.Count == 0 || !fwd.ValidBytesInFlight) return;
        list.RelativeSpan(fwd.BaseSeq, out uint first, out uint last);
        uint inFlight = last - first;
        for (int i = 0; i < rev.SackBlocks && inFlight > 0; i++)
        {
            uint left = rev.SackEdges![2 * i] - fwd.BaseSeq, right = rev.SackEdges[2 * i + 1] - fwd.BaseSeq;
            uint from = (int)(left - first) > 0 ? left : first;
            uint to = (int)(right - last) < 0 ? right : last;
            if ((int)(to - from) > 0) inFlight -= Math.Min(inFlight, to - from);
        }
        if (inFlight > 0 && inFlight < 2_000_000_000)
        {
            a.BytesInFlight = inFlight;
            if (inFlight > fwd.MaxBytesInFlight) fwd.MaxBytesInFlight = inFlight;
        }
    }

    /// <summary>
    /// A host's stack is consistent: it either numbers IP IDs or leaves them 0 (with DF), and it sends TCP timestamps on
    /// every segment after the handshake or on none (RFC 7323 §3.2). A packet that breaks its sender's habit was likely
    /// made by something else on the path answering in the host's name (Cases B and C). IPv4 only for IP IDs; SYNs,
    /// RSTs and what a host sends after its own FIN are left out (stacks build them differently).
    /// </summary>
    private static void CompareStyle(TcpDirection fwd, in DecodedPacket p, ref TcpSegmentAnalysis a)
    {
        if ((p.TcpFlags & (TcpFlags.Syn | TcpFlags.Rst)) != 0) return;
        // After its own FIN a host answers from its TIME-WAIT state, which stacks build like RSTs (Linux: IP ID 0).
        if (fwd.SawFin) return;
        if (p.Has(PacketLayers.Ipv4))
        {
            byte id = p.IpId == 0 ? (byte)1 : (byte)2;
            if (fwd.IpIdStyle == 0) fwd.IpIdStyle = id;
            else if (fwd.IpIdStyle != id)
            {
                a.Flags |= TcpAnalysisFlags.IpIdStyleChanged;
                fwd.StyleChanges++;
            }
        }
        byte ts = p.TcpOptions.HasTimestamps ? (byte)1 : (byte)2;
        if (fwd.TimestampStyle == 0) fwd.TimestampStyle = ts;
        else if (fwd.TimestampStyle != ts)
        {
            a.Flags |= TcpAnalysisFlags.OptionsStyleChanged;
            fwd.StyleChanges++;
        }
    }

    private static void UpdateMetrics(TcpConnection c, TcpDirection fwd, bool fromOriginator, long ts, in DecodedPacket p,
        int seglen, ref TcpSegmentAnalysis a)
    {
        var flags = p.TcpFlags;
        fwd.Packets++;
        fwd.Bytes += p.OriginalLength;
        fwd.PayloadBytes += seglen;
        if (seglen > 0) fwd.LastPayloadNs = ts;
        if (!fwd.TtlSeen)
        {
            fwd.TtlSeen = true;
            fwd.FirstTtl = p.Ttl;
        }
        else if (p.Ttl != fwd.FirstTtl)
        {
            fwd.TtlVaries = true;
            fwd.TtlChanges++;
            a.Flags |= TcpAnalysisFlags.TtlChanged;
        }
        CompareStyle(fwd, p, ref a);
        if ((flags & TcpFlags.Fin) != 0) fwd.SawFin = true;
        if ((flags & TcpFlags.Rst) != 0) fwd.SawRst = true;
        fwd.HasWindow = true;
        fwd.Window = p.Window;
        fwd.WindowFromSyn = (flags & TcpFlags.Syn) != 0;
        var f = a.Flags;
        if ((f & (TcpAnalysisFlags.Retransmission | TcpAnalysisFlags.FastRetransmission | TcpAnalysisFlags.SpuriousRetransmission)) != 0)
        {
            fwd.Retransmissions++;
            c.AddHistory('t', fromOriginator);
        }
        if ((f & TcpAnalysisFlags.LostSegment) != 0)
        {
            fwd.LostSegments++;
            c.AddHistory('g', fromOriginator);
        }
        if ((f & TcpAnalysisFlags.DuplicateAck) != 0) fwd.DuplicateAcks++;
        if ((f & TcpAnalysisFlags.ZeroWindow) != 0)
        {
            fwd.ZeroWindows++;
            if (fwd.ZeroWindowSinceNs == 0) fwd.ZeroWindowSinceNs = ts;
            c.AddHistory('w', fromOriginator);
        }
        else if (fwd.ZeroWindowSinceNs != 0 && p.Window != 0)
        {
            fwd.ZeroWindowTimeNs += ts - fwd.ZeroWindowSinceNs;
            fwd.ZeroWindowSinceNs = 0;
        }
        if (a.AckRttNs > 0 && !a.AckedRetransmission)   // Karn: an ACK of retransmitted data is not timed
        {
            var peer = c.Direction(!fromOriginator);
            peer.RttSamples++;
            peer.RttSumNs += a.AckRttNs;
            if (a.AckRttNs < peer.RttMinNs) peer.RttMinNs = a.AckRttNs;
            if (a.AckRttNs > peer.RttMaxNs) peer.RttMaxNs = a.AckRttNs;
        }
        var peerMss = c.Direction(!fromOriginator).Mss;
        if (peerMss is { } mss && seglen > mss)
        {
            a.Flags |= TcpAnalysisFlags.LargerThanMss;
            c.LargerThanMss++;
        }
        if (p.TransportChecksum == ChecksumStatus.Bad)
        {
            fwd.BadChecksums++;
            c.AddHistory('c', fromOriginator);
        }
        if ((flags & TcpFlags.Syn) != 0) c.AddHistory((flags & TcpFlags.Ack) != 0 ? 'h' : 's', fromOriginator);
        else if ((flags & TcpFlags.Ack) != 0 && seglen == 0 && (flags & (TcpFlags.Fin | TcpFlags.Rst)) == 0) c.AddHistory('a', fromOriginator);
        if (seglen > 0) c.AddHistory('d', fromOriginator);
        if ((flags & TcpFlags.Fin) != 0) c.AddHistory('f', fromOriginator);
        if ((flags & TcpFlags.Rst) != 0)
        {
            c.AddHistory('r', fromOriginator);
            if (c.Handshake == HandshakeResult.Unanswered && !fromOriginator) c.Handshake = HandshakeResult.Refused;
        }
    }
}
