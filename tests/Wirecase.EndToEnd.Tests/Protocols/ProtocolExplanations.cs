namespace Wirecase.EndToEnd.Tests.Protocols;

/// <summary>
/// Every remaining disagreement with tshark's view of the corpus transactions, by protocol and file, with the reason.
/// A disagreement in a file not listed here fails ProtocolAgreementTests.
/// </summary>
public static class ProtocolExplanations
{
    private const string Socks = "SMTP inside a SOCKS5 proxy connection: tshark decodes SOCKS and hands the rest to SMTP; Wirecase does not decode SOCKS";

    public static readonly Dictionary<string, string> SmtpReplies = new()
    {
        ["arkime/socks5-smtp-503.pcap"] = Socks,
        ["suricata-verify/smtp-errors/smtperr.pcap"] = "a server speaking plain SMTP on port 465: tshark decodes port 465 only as TLS and shows no SMTP; Wirecase follows the 220 greeting and the 4xx replies to the client's TLS ClientHello",
    };

    public static readonly Dictionary<string, string> SmtpCommands = new()
    {
        ["arkime/socks5-smtp-503.pcap"] = Socks,
        ["pcapplusplus/Packet++Test/PacketExamples/Smtp.pcap"] = "the server's 334 is not captured: tshark shows the client's next line (a base64 credential) as a command; Wirecase keeps lines after AUTH LOGIN as credentials and never shows them",
    };

    public static readonly Dictionary<string, string> Http = new()
    {
        ["arkime/wireshark-retrans.pcap"] = "a retransmitted copy of a response: tshark shows it as a second response; Wirecase's reassembly counts the bytes once",
        ["pcapplusplus/Packet++Test/PacketExamples/SllPacket.pcap"] = "a response whose body the capture does not have (one frame): tshark shows it at that frame; Wirecase dates a response by its end, which never came",
        ["pcapplusplus/Pcap++Test/PcapExamples/pcapng-example.pcapng"] = "a response cut by the snaplen: tshark shows it at its frame; Wirecase dates a response by its end, which the capture does not have",
        ["suricata-verify/tcp-urgp-01-oob/tcp-urgent1.pcap"] = "the request carries a TCP urgent byte: tshark does not pair the response with it (no http.time); Wirecase does",
        ["suricata-verify/filestore-5408/input.pcap"] = "requests retransmitted before their response: tshark dissects the copy as a new request and times the response from it; Wirecase keeps the first copy and times from there",
        ["ndpi/anyconnect-vpn.pcap"] = "SSDP (HTTP over UDP multicast): tshark decodes it as HTTP; Wirecase follows HTTP over TCP",
        ["ndpi/weibo.pcap"] = "responses after a gap in the stream: tshark stops dissecting HTTP there; Wirecase resynchronises at the next status line",
        ["suricata-verify/http-gap-simple/input.pcap"] = "a response after a gap in the stream: tshark stops dissecting HTTP there; Wirecase resynchronises at the next status line",
        ["suricata-verify/http-pipeline-files-with-gap/input.pcap"] = "pipelined responses after a gap: tshark stops dissecting HTTP there; Wirecase resynchronises at the next status line",
        ["zeek/http/206_example_b.pcap"] = "a response after a gap in the stream: tshark stops dissecting HTTP there; Wirecase resynchronises at the next status line",
        ["ms-prot-od-netcaps/MS-WMOD_Example6_WS2016_X64_Win10_X64_Domain_Hagala.cap"] = "the client's requests travel in frames tshark reports as malformed (IPv6 frames larger than the link, captured with segmentation offload) and the server's stream has gaps: the two tools date the responses at different frames of the resynchronised stream",
        ["ms-prot-od-netcaps/MS-RMSOD_Example2_Win2016_X64_Win10_X64_Domain_v-yvrich.cap"] = "NTLM exchanges where the server answers 401 before the client's request body is complete: tshark pairs the 401 with the next request; Wirecase pairs it with the request it interrupted and gives no time for an early answer",
    };

    public static readonly Dictionary<string, string> Dns = new()
    {
        ["arkime/ipv6-gtp6.pcap"] = "DNS inside a GTP tunnel: Wirecase does not decode GTP",
        ["zeek/icmp/icmp-destunreach-udp.pcap"] = "a DNS response quoted inside an ICMP error: tshark decodes the quote as DNS; Wirecase links the ICMP error to its flow without counting the quote as a response",
        ["ms-prot-od-netcaps/MS-ADOD_Example2_10_WS2019v2004_X64_Win10v2004_X64_Domain_ObtainAListOfUserAccountsUsingTheLDAPProtocol.pcapng"] = "DNS responses quoted inside ICMP port-unreachable errors: tshark decodes the quotes as DNS; Wirecase does not count a quote as a response",
        ["pcapplusplus/Pcap++Test/PcapExamples/DnsPackets.pcap"] = "multicast DNS: tshark pairs a multicast answer with an earlier query by id; Wirecase pairs unicast exchanges only (a multicast query has any number of answerers)",
        ["ndpi/anyconnect-vpn.pcap"] = "multicast DNS: tshark pairs a multicast answer with an earlier query by id; Wirecase pairs unicast exchanges only",
        ["pcapplusplus/Pcap++Test/PcapExamples/ip6_fragments.pcap"] = "multicast DNS in IPv6 fragments: tshark pairs the multicast answer with a query by id; Wirecase pairs unicast exchanges only",
    };

    public static readonly Dictionary<string, string> Tls = new()
    {
        ["ndpi/google_ssl.pcap"] = "the ServerHello arrives out of order (a retransmission fills the hole): tshark shows Continuation Data; Wirecase reassembles it",
        ["suricata-verify/tls/tls-fingerprint-alert/input.pcap"] = "the ServerHello arrives out of order: tshark shows Continuation Data; Wirecase reassembles it",
        ["zeek/tls/hrr.pcap"] = "the ServerHello after the HelloRetryRequest arrives out of order: tshark shows Continuation Data; Wirecase reassembles it",
    };

    /// <summary>tshark 4.0 fills smtp.req.command with the first four letters only for STARTTLS ("STAR").</summary>
    public static string TsharkCommand(string command) => command == "STAR" ? "STARTTLS" : command;
}
