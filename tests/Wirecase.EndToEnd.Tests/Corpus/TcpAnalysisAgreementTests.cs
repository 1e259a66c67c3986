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

    private sealed class Tally
    {
        public long Both, OnlyTshark, OnlyWirecase;
        public List<string> Examples { get; } = [];
        public Dictionary<string, int> ByFile { get; } = [];
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
                    Count(streams, theirStream == a.Stream.ToString(CultureInfo.InvariantCulture), true, where,
                        $"stream tshark {theirStream} wirecase {a.Stream}");
                    foreach (var (field, flag) in Flags)
                        Count(tallies[field], reference.Get(row, field).Length > 0, a.Has(flag), where, field);
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
        }
        // The bar: per flag kind, at least 99% agreement over all corpus TCP frames. The stricter share over
        // flagged frames is printed above with every remaining disagreement, by file.
        Assert.All(tallies, kv => Assert.True(kv.Value.FrameAgreement >= 0.99, $"{kv.Key}: {kv.Value.FrameAgreement:P3}"));
        Assert.True(streams.Agreement >= 0.999, $"tcp.stream: {streams.Agreement:P2}");
        // Flags whose logic is fully understood must agree exactly on every flagged frame.
        foreach (var exact in new[] { "tcp.analysis.lost_segment", "tcp.analysis.duplicate_ack", "tcp.analysis.zero_window",
                     "tcp.analysis.keep_alive", "tcp.analysis.keep_alive_ack", "tcp.analysis.reused_ports", "tcp.analysis.window_full" })
            Assert.Equal(1.0, tallies[exact].Agreement);
    }

    private static void Count(Tally t, bool tshark, bool wirecase, string where, string what)
    {
        t.Frames++;
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
