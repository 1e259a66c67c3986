using System.Globalization;
using Wirecase.Capture;
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
        public double Agreement => Both + OnlyTshark + OnlyWirecase == 0 ? 1 : (double)Both / (Both + OnlyTshark + OnlyWirecase);
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
                var decoder = new PacketDecoder();
                var table = new TcpConnectionTable();
                var p = new DecodedPacket();
                int i = 0;
                while (reader.MoveNext() && i < reference.Rows.Count)
                {
                    var frame = reader.Current;
                    var row = reference.Rows[i++];
                    decoder.Decode(frame, ref p);
                    string theirStream = reference.Get(row, "tcp.stream");
                    if (!p.IsTcp || !p.TransportHeaderComplete)
                        continue;
                    if (theirStream.Length == 0) continue;   // tshark saw no TCP here (tunnel, quote): not comparable
                    table.Process(frame.Number, frame.TimestampNs, p, out var a);
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
            output.WriteLine($"{name}: both {t.Both}, only tshark {t.OnlyTshark}, only wirecase {t.OnlyWirecase}, agreement {t.Agreement:P2}");
            foreach (var e in t.Examples) output.WriteLine("    " + e);
            foreach (var kv in t.ByFile.OrderByDescending(kv => kv.Value).Take(8)) output.WriteLine($"      {kv.Value} in {kv.Key}");
        }
        Assert.All(tallies, kv => Assert.True(kv.Value.Agreement >= 0.99, $"{kv.Key}: {kv.Value.Agreement:P2}"));
        Assert.True(streams.Agreement >= 0.999, $"tcp.stream: {streams.Agreement:P2}");
    }

    private static void Count(Tally t, bool tshark, bool wirecase, string where, string what)
    {
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
