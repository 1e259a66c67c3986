using System.Globalization;
using Wirecase.Capture;
using Wirecase.Flows;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Xunit.Abstractions;

namespace Wirecase.EndToEnd.Tests.Corpus;

/// <summary>Wirecase's TCP analysis flags and stream numbers against tshark's, frame by frame, over the whole corpus.</summary>
public sealed class TcpAnalysisAgreementTests(ITestOutputHelper output)
{
    private static readonly (string Field, TcpAnalysisFlags Flag)[] Flags =
    [
        ("tcp.analysis.retransmission", TcpAnalysisFlags.Retransmission),
        ("tcp.analysis.fast_retransmission", TcpAnalysisFlags.FastRetransmission),
        ("tcp.analysis.spurious_retransmission", TcpAnalysisFlags.SpuriousRetransmission),
        ("tcp.analysis.out_of_order", TcpAnalysisFlags.OutOfOrder),
        ("tcp.analysis.lost_segment", TcpAnalysisFlags.LostSegment),
        ("tcp.analysis.ack_lost_segment", TcpAnalysisFlags.AckLostSegment),
        ("tcp.analysis.duplicate_ack", TcpAnalysisFlags.DuplicateAck),
        ("tcp.analysis.zero_window", TcpAnalysisFlags.ZeroWindow),
        ("tcp.analysis.zero_window_probe", TcpAnalysisFlags.ZeroWindowProbe),
        ("tcp.analysis.zero_window_probe_ack", TcpAnalysisFlags.ZeroWindowProbeAck),
        ("tcp.analysis.window_full", TcpAnalysisFlags.WindowFull),
        ("tcp.analysis.window_update", TcpAnalysisFlags.WindowUpdate),
        ("tcp.analysis.keep_alive", TcpAnalysisFlags.KeepAlive),
        ("tcp.analysis.keep_alive_ack", TcpAnalysisFlags.KeepAliveAck),
        ("tcp.analysis.reused_ports", TcpAnalysisFlags.ReusedPorts),
    ];

    /// <summary>Facts about a capture that explain why its TCP bookkeeping can differ from tshark's.</summary>
    private sealed record FileFacts(bool DamagedLengths, bool OutOfTimeOrder, bool Tunnel);

    private static FileFacts Facts(CorpusEntry entry, ReferenceFrames reference)
    {
        bool damaged = false, outOfOrder = false;
        using (var reader = CaptureFile.Open(entry.FullPath))
        {
            var d = new PacketDecoder();
            var p = new DecodedPacket();
            long last = long.MinValue;
            while (reader.MoveNext())
            {
                var f = reader.Current;
                if (f.HasTimestamp)
                {
                    if (f.TimestampNs < last) outOfOrder = true;
                    last = Math.Max(last, f.TimestampNs);
                }
                d.Decode(f, ref p);
                bool tcpProblem = p.Problem is global::Wirecase.Packets.PacketProblem.TcpTruncated
                    or global::Wirecase.Packets.PacketProblem.TcpBadHeaderLength or global::Wirecase.Packets.PacketProblem.TcpOptionMalformed;
                if (tcpProblem || p.IsTcp && (p.Problem is global::Wirecase.Packets.PacketProblem.Ipv4TotalLengthBeyondFrame || f.IsTruncated))
                    damaged = true;
            }
        }
        bool tunnel = reference.Rows.Any(r => reference.Get(r, "frame.protocols").Split(':').Count(l => l is "ip" or "ipv6") > 1);
        return new FileFacts(damaged, outOfOrder, tunnel);
    }

    /// <summary>Why a disagreement on <paramref name="what"/> is understood, from the capture's facts; null if it is not.</summary>
    private static string? Reason(FileFacts facts, string what, bool tsharkOnly, in TcpSegmentAnalysis a, string[] row, ReferenceFrames reference)
    {
        if (what.StartsWith("stream", StringComparison.Ordinal) && facts.Tunnel)
            return "tshark numbers streams of TCP inside tunnels, which Wirecase does not decode yet";
        if (facts.DamagedLengths)
            return "the capture has TCP frames that neither tool can read whole (cut by the snaplen, IP lengths beyond the frame, or IPv6 payload length 0 from segmentation offload): the two tools skip or size them differently, so the sequence bookkeeping diverges";
        if (what == "tcp.analysis.window_update" && tsharkOnly && reference.Get(row, "tcp.seq_raw") == "0" && reference.Get(row, "tcp.ack_raw") == "0")
            return "Wireshark compares a side's first packet with zero-initialised state: seq 0 and ack 0 read as 'unchanged', so it reports a window update";
        if (facts.OutOfTimeOrder)
            return "the capture is not in time order: out-of-order, fast-retransmission and ACK thresholds are measured in capture time, and the two tools order that state differently";
        return null;
    }

    private sealed class Tally
    {
        public long Both, OnlyTshark, OnlyWirecase;
        public List<string> Examples { get; } = [];
        public Dictionary<string, int> ByFile { get; } = [];
        public List<string> Unexplained { get; } = [];
        public Dictionary<string, int> Reasons { get; } = [];
        public long Frames;
        /// <summary>Of the frames where either side set the flag, the share where both did (strict).</summary>
        public double Agreement => Both + OnlyTshark + OnlyWirecase == 0 ? 1 : (double)Both / (Both + OnlyTshark + OnlyWirecase);
        /// <summary>Of all TCP frames compared, the share where tshark and Wirecase agree on the flag.</summary>
        public double FrameAgreement => Frames == 0 ? 1 : 1 - (double)(OnlyTshark + OnlyWirecase) / Frames;
    }

    [Fact]
    public void Analysis_flags_and_streams_agree_with_tshark()
    {
        var tallies = Flags.ToDictionary(f => f.Field, _ => new Tally());
        var streams = new Tally();
        var values = new Dictionary<string, Tally> { ["duplicate_ack_num"] = new(), ["bytes_in_flight"] = new(), ["ack_rtt"] = new() };
        foreach (var entry in CorpusManifest.Entries)
        {
            var reference = ReferenceFrames.Load(entry);
            if (reference is null) continue;
            CaptureReader reader;
            try { reader = CaptureFile.Open(entry.FullPath); } catch (CaptureException) { continue; }
            var facts = Facts(entry, reference);
            using (reader)
            {
                var tracker = new FlowTracker();
                var p = new DecodedPacket();
                int i = 0;
                while (reader.MoveNext() && i < reference.Rows.Count)
                {
                    var frame = reader.Current;
                    var row = reference.Rows[i++];
                    string theirStream = reference.Get(row, "tcp.stream");
                    if (!tracker.Process(frame, ref p, out var a)) continue;
                    if (theirStream.Length == 0) continue;   // tshark saw no TCP here (tunnel, quote): not comparable
                    string where = $"{entry.File}#{frame.Number}";
                    bool sameStream = theirStream == a.Stream.ToString(CultureInfo.InvariantCulture);
                    Count(streams, sameStream, true, where, $"stream tshark {theirStream} wirecase {a.Stream}",
                        sameStream ? null : Reason(facts, "stream", false, a, row, reference));
                    foreach (var (field, flag) in Flags)
                    {
                        bool theirs = reference.Get(row, field).Length > 0, ours = a.Has(flag);
                        Count(tallies[field], theirs, ours, where, field, theirs == ours ? null : Reason(facts, field, theirs, a, row, reference));
                    }
                    Compare(values["duplicate_ack_num"], reference.Get(row, "tcp.analysis.duplicate_ack_num"),
                        a.Has(TcpAnalysisFlags.DuplicateAck) ? a.DuplicateAckNumber.ToString(CultureInfo.InvariantCulture) : "", where);
                    Compare(values["bytes_in_flight"], reference.Get(row, "tcp.analysis.bytes_in_flight"),
                        a.BytesInFlight > 0 ? a.BytesInFlight.ToString(CultureInfo.InvariantCulture) : "", where);
                    Compare(values["ack_rtt"], reference.Get(row, "tcp.analysis.ack_rtt"),
                        a.AckedFrame != 0 ? OurFields.Epoch(a.AckRttNs) : "", where);
                }
            }
        }
        foreach (var (name, t) in tallies.Append(new("tcp.stream", streams)).Concat(values))
        {
            output.WriteLine($"{name}: both {t.Both}, only tshark {t.OnlyTshark}, only wirecase {t.OnlyWirecase}, " +
                $"agreement over all frames {t.FrameAgreement:P3}, over flagged frames {t.Agreement:P2}");
            foreach (var e in t.Examples) output.WriteLine("    " + e);
            foreach (var kv in t.ByFile.OrderByDescending(kv => kv.Value).Take(8)) output.WriteLine($"      {kv.Value} in {kv.Key}");
            foreach (var kv in t.Reasons) output.WriteLine($"      explained ({kv.Value}): {kv.Key}");
            foreach (var u in t.Unexplained) output.WriteLine($"      NOT YET UNDERSTOOD: {u}");
        }
        // The issue's bar: per flag kind, at least 99% agreement over all corpus TCP frames. The stricter share over
        // flagged frames is printed above with every remaining disagreement, by file.
        Assert.All(tallies, kv => Assert.True(kv.Value.FrameAgreement >= 0.99, $"{kv.Key}: {kv.Value.FrameAgreement:P3}"));
        Assert.True(streams.Agreement >= 0.999, $"tcp.stream: {streams.Agreement:P2}");
        // Every flag disagreement not covered by a stated reason is listed above; keep that list short and known.
        int unexplained = tallies.Values.Sum(t => t.Unexplained.Count) + streams.Unexplained.Count;
        Assert.True(unexplained <= 2, $"{unexplained} disagreements without a reason (2 are known: urgent11 #10, telnet #13987)");
        // Flags whose logic is fully understood must agree exactly on every flagged frame.
        foreach (var exact in new[] { "tcp.analysis.lost_segment", "tcp.analysis.duplicate_ack", "tcp.analysis.zero_window",
                     "tcp.analysis.keep_alive", "tcp.analysis.keep_alive_ack", "tcp.analysis.reused_ports", "tcp.analysis.window_full" })
            Assert.Equal(1.0, tallies[exact].Agreement);
    }

    private static void Count(Tally t, bool tshark, bool wirecase, string where, string what, string? reason)
    {
        t.Frames++;
        if (tshark != wirecase)
        {
            if (reason is null) t.Unexplained.Add($"{where} {what}: {(tshark ? "tshark" : "wirecase")} only");
            else t.Reasons[reason] = t.Reasons.GetValueOrDefault(reason) + 1;
        }
        if (tshark && wirecase) t.Both++;
        else if (tshark) { t.OnlyTshark++; if (t.Examples.Count < 12) t.Examples.Add($"{where} {what}: tshark only"); }
        else if (wirecase) { t.OnlyWirecase++; if (t.Examples.Count < 12) t.Examples.Add($"{where} {what}: wirecase only"); }
        if (tshark != wirecase)
        {
            string file = where[..where.LastIndexOf('#')];
            t.ByFile[file] = t.ByFile.GetValueOrDefault(file) + 1;
        }
    }

    private static void Compare(Tally t, string tshark, string wirecase, string where)
    {
        if (tshark.Length == 0 && wirecase.Length == 0) return;
        if (tshark == wirecase) t.Both++;
        else
        {
            if (tshark.Length > 0) t.OnlyTshark++; else t.OnlyWirecase++;
            if (t.Examples.Count < 12) t.Examples.Add($"{where}: tshark '{tshark}' wirecase '{wirecase}'");
        }
    }
}
