using Xunit.Abstractions;

namespace Wirecase.EndToEnd.Tests.Filters;

/// <summary>Display filters select exactly the frames tshark -Y selects, on a sample of the corpus in one file.</summary>
public sealed class DisplayFilterAgreementTests(FilterSample sample, ITestOutputHelper output) : IClassFixture<FilterSample>
{
    public static readonly string[] Filters =
    [
        "tcp", "udp", "icmp", "icmpv6", "arp", "ip", "ipv6", "eth", "vlan", "dns",
        "tcp.port == 25", "tcp.port eq 80 or tcp.port eq 443", "tcp.srcport == 25", "tcp.dstport in {80, 443, 8080}",
        "tcp.port in {20..30}", "udp.port == 53", "udp.dstport == 5353",
        "tcp.flags.syn == 1", "tcp.flags.syn == 1 and tcp.flags.ack == 0", "tcp.flags.reset == 1", "tcp.flags.fin == 1",
        "tcp.flags.push == 1 && tcp.len > 0", "tcp.flags == 0x012", "tcp.len > 1000", "tcp.len == 0",
        "tcp.window_size_value == 0", "tcp.options.mss_val", "tcp.options.mss_val < 1460", "tcp.options.sack_perm",
        "tcp.options.wscale.shift >= 7", "tcp.options.timestamp.tsval",
        "tcp.analysis.retransmission", "tcp.analysis.fast_retransmission", "tcp.analysis.duplicate_ack",
        "tcp.analysis.lost_segment", "tcp.analysis.ack_lost_segment", "tcp.analysis.out_of_order",
        "tcp.analysis.zero_window", "tcp.analysis.keep_alive", "tcp.analysis.window_update", "tcp.analysis.window_full",
        "tcp.analysis.zero_window_probe", "tcp.analysis.duplicate_ack_num >= 2",
        "tcp.analysis.retransmission or tcp.analysis.fast_retransmission", "not tcp.analysis.retransmission and tcp.len > 0",
        "tcp.stream == 0", "tcp.stream in {1, 2, 3}", "tcp.seq == 1", "tcp.ack == 1", "tcp.seq_raw > 4000000000",
        "ip.ttl < 64", "ip.ttl == 128", "ip.flags.df == 1", "ip.flags.mf == 1 or ip.frag_offset > 0", "ip.proto == 17",
        "ip.len > 1400", "ip.addr == 192.168.0.0/16", "ip.src == 10.0.0.0/8 || ip.dst == 10.0.0.0/8",
        "ip.addr != 192.168.0.0/16", "ip.addr ~= 192.168.0.0/16", "ip.dsfield.dscp != 0",
        "ipv6.addr == fe80::/10", "ipv6.dst == ff00::/8", "ipv6.hlim == 255", "ipv6.nxt == 17",
        "icmp.type == 8", "icmp.type == 0 and icmp.seq > 5", "icmp.type == 3 and icmp.code == 4", "icmp.mtu",
        "icmpv6.type == 135", "arp.opcode == 1", "eth.dst == ff:ff:ff:ff:ff:ff", "eth.dst[0:3] == 01:00:5e",
        "eth.type == 0x86dd", "vlan.id", "frame.len > 1000 and frame.len < 1500", "frame.cap_len < frame.len",
        "frame.number >= 100 and frame.number <= 200", "frame.number in {1, 10, 100, 1000}",
        "tcp contains \"HTTP\"", "tcp matches \"^(GET|POST) \"", "udp contains 00:01:00:01",
        "dns.flags.response == 0", "dns.qry.type == 28", "dns.qry.name contains \"google\"", "dns.flags.rcode != 0",
        "tcp.payload[0:4] == \"EHLO\"", "!(tcp || udp)", "ip.src == ip.dst", "tcp.srcport > tcp.dstport",
        "frame.comment", "udp.length < 100", "(tcp.port == 25 || udp.port == 53) && !tcp.analysis.flags",
        "tcp.analysis.bytes_in_flight > 10000", "tcp.analysis.ack_rtt > 0.1",
        // Application messages that fit in one segment (Wirecase names a message where it starts, Wireshark where its
        // reassembly ends: docs/filters.md).
        "http.request.method == \"GET\"", "smtp.req.command == \"EHLO\"", "smtp.req.command", "smtp.response.code == 250",
        "tls.handshake.type == 1",
    ];

    /// <summary>Filters whose result differs from tshark's for a reason we can state (none may differ otherwise).</summary>
    private static readonly Dictionary<string, string> KnownDifferences = new(StringComparer.Ordinal)
    {
    };

    [Fact]
    public void At_least_sixty_filters_select_what_tshark_selects()
    {
        Assert.True(Filters.Length >= 60);
        var failures = new List<string>();
        foreach (var filter in Filters)
        {
            var theirs = Tools.TsharkFrames(sample.Path, filter);
            var ours = Tools.WirecaseFrames(sample.Path, filter);
            var missing = theirs.Except(ours).ToList();
            var extra = ours.Except(theirs).ToList();
            output.WriteLine($"{filter}: tshark {theirs.Count}, wirecase {ours.Count}{(missing.Count + extra.Count == 0 ? "" : $" — missing {Show(missing)}, extra {Show(extra)}")}");
            if (missing.Count + extra.Count == 0) continue;
            if (KnownDifferences.ContainsKey(filter)) continue;
            failures.Add($"{filter}: missing {Show(missing)}; extra {Show(extra)}");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Fact]
    public void The_filters_select_something_and_not_everything()
    {
        // A filter that selects nothing (or everything) on the sample would prove little: most must do neither.
        int frames = Tools.TsharkFrames(sample.Path, "frame").Count;
        int useful = Filters.Count(f => Tools.WirecaseFrames(sample.Path, f).Count is var n && n > 0 && n < frames);
        Assert.True(useful >= Filters.Length * 9 / 10, $"{useful} of {Filters.Length} filters select a proper subset of {frames} frames");
    }

    private static string Show(List<long> frames) => frames.Count == 0 ? "none" : string.Join(",", frames.Take(12)) + (frames.Count > 12 ? $" … ({frames.Count})" : "");
}
