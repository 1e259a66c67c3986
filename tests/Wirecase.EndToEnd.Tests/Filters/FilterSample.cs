namespace Wirecase.EndToEnd.Tests.Filters;

/// <summary>
/// A sample of the corpus in one file for filter tests: captures with SMTP, HTTP, TLS, DNS/mDNS, ICMP (echo and
/// fragmentation needed), ICMPv6, ARP, VLAN and QinQ tags, Linux SLL, pcapng comments, IPv6, and TCP trouble
/// (retransmissions, duplicate ACKs, zero windows, keep-alives, lost segments), concatenated with mergecap.
/// </summary>
public sealed class FilterSample : IDisposable
{
    public static readonly string[] Files =
    [
        "zeek/smtp.pcap",
        "arkime/wireshark-retrans.pcap",
        "ndpi/weibo.pcap",
        "suricata-verify/bug-4376/syn_retransmit_with_ts.pcap",
        "pcapplusplus/Pcap++Test/PcapExamples/DnsPackets.pcap",
        "suricata-verify/detect-itype-prefilter/icmpv4-ping.pcap",
        "suricata-verify/smtp-errors/smtperr.pcap",
        "zeek/http/206_example_b.pcap",
        "tcpdump/802.1ad_QinQ.pcap",
        "pcapplusplus/Pcap++Test/PcapExamples/pcapng-example.pcapng",
        "ndpi/anyconnect-vpn.pcap",
        "chrissanders-packets/http_espn_fail.pcapng",
        "ndpi/ethereum.pcap",
    ];

    private readonly string _dir = Directory.CreateTempSubdirectory("wirecase-filters-").FullName;

    public FilterSample()
    {
        Path = System.IO.Path.Combine(_dir, "sample.pcapng");
        var inputs = Files.Select(f => System.IO.Path.Combine(RepositoryPaths.Corpus, f)).ToList();
        foreach (var f in inputs)
            if (!File.Exists(f)) throw new FileNotFoundException($"corpus file missing: {f}");
        var (code, _, error) = Tools.Run("mergecap", ["-a", "-F", "pcapng", "-w", Path, .. inputs]);
        if (code != 0) throw new InvalidOperationException($"mergecap failed: {error}");
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(_dir, recursive: true);
}
