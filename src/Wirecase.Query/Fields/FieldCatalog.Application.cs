using Wirecase.Protocols.Dns;
using Wirecase.Query.Evaluation;

namespace Wirecase.Query.Fields;

public static partial class FieldCatalog
{
    [ThreadStatic] private static (long Frame, int Length, DnsMessage? Message) t_dns;

    private static void AddApplicationFields()
    {
        Protocol("dns", "DNS (port 53, UDP or TCP)", (in FrameView f) => Dns(f) is not null && (f.Packet.SourcePort == 53 || f.Packet.DestinationPort == 53),
            (in FrameView f) => f.Packet.PayloadOffset);
        // The dns.* fields below also describe multicast DNS (5353) and LLMNR (5355) messages, as in Wireshark.
        Number("dns.id", "DNS transaction id", (in FrameView f) => Dns(f) is not null, (in FrameView f) => Dns(f)!.Id);
        Flag("dns.flags.response", "A response (not a query)", (in FrameView f) => Dns(f) is not null, (in FrameView f) => Dns(f)!.IsResponse);
        Number("dns.flags.opcode", "DNS opcode", (in FrameView f) => Dns(f) is not null, (in FrameView f) => Dns(f)!.Opcode);
        Number("dns.flags.rcode", "DNS response code", (in FrameView f) => Dns(f) is { IsResponse: true }, (in FrameView f) => Dns(f)!.Rcode);
        Text("dns.qry.name", "The name queried", (in FrameView f) => Dns(f) is { Questions: > 0 } m ? m.Name : null);
        Number("dns.qry.type", "The type queried", (in FrameView f) => Dns(f) is { Questions: > 0 }, (in FrameView f) => Dns(f)!.Type);
        Number("dns.count.answers", "Answer records", (in FrameView f) => Dns(f) is not null, (in FrameView f) => Dns(f)!.AnswerCount);

        ApplicationProtocol("http", "HTTP");
        ApplicationProtocol("tls", "TLS");
        ApplicationProtocol("smtp", "SMTP");
        ApplicationProtocol("lpd", "LPD");

        Text("wirecase.finding", "Ids of the findings that cite this frame as evidence (wirecase analyze)", (in FrameView f) => f.Findings, FieldNeeds.Findings);
        Text("wirecase.tcp.state", "The frame's TCP connection as it ended, Zeek-style (SF, S0, S1, REJ, RSTO, RSTR, SH, OTH …)",
            (in FrameView f) => f.ConnectionState, FieldNeeds.ConnectionState | FieldNeeds.TcpAnalysis);
    }

    private static void ApplicationProtocol(string name, string label) =>
        Protocol(name, $"{label}, as Wirecase's analyzers recognised it in this frame", (in FrameView f) => f.Application == label,
            (in FrameView f) => f.Packet.PayloadOffset, FieldNeeds.Application | FieldNeeds.TcpAnalysis);

    private static bool IsDnsPort(ushort port) => port is 53 or 5353 or 5355;

    /// <summary>The frame's DNS message (parsed once per frame): DNS on port 53 (UDP or TCP), mDNS (5353), LLMNR (5355).</summary>
    private static DnsMessage? Dns(in FrameView f)
    {
        if (t_dns.Frame == f.Number && t_dns.Length == f.Data.Length && f.Number != 0) return t_dns.Message;
        DnsMessage? message = null;
        ref readonly var p = ref f.Packet;
        if ((p.IsUdp || p.IsTcp) && (IsDnsPort(p.SourcePort) || IsDnsPort(p.DestinationPort)) && p.PayloadCaptured > 0 && p.PayloadOffset < f.Data.Length)
        {
            var payload = f.Data.Slice(p.PayloadOffset, Math.Min(p.PayloadCaptured, f.Data.Length - p.PayloadOffset));
            if (p.IsTcp) payload = payload.Length > 2 ? payload[2..] : default;
            if (payload.Length >= 12) message = DnsMessage.TryParse(payload);
        }
        t_dns = (f.Number, f.Data.Length, message);
        return message;
    }
}
