using System.Globalization;
using System.Text;
using Wirecase.Capture;
using Wirecase.Flows.Tcp;
using Wirecase.Packets;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Cli.Output;

/// <summary>The columns of one frame as tshark's default one-line output shows them: source, destination, protocol
/// and info (TCP: ports, flags, raw Seq/Ack, Win, Len, options).</summary>
internal static class PacketLine
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Source(in DecodedPacket p) =>
        p.IsIp ? p.Source.ToString()
        : p.Has(PacketLayers.Ethernet) ? p.EthernetSource.ToString() : "";

    public static string Destination(in DecodedPacket p) =>
        p.IsIp ? p.Destination.ToString()
        : p.Has(PacketLayers.Ethernet) ? p.EthernetDestination.ToString() : "";

    public static string Protocol(in CaptureFrame f, in DecodedPacket p)
    {
        if (f.Kind == FrameKind.CustomBlock) return "PCAPNG";
        if (f.Kind == FrameKind.SystemdJournal) return "systemd";
        var l = p.Layers;
        if ((l & PacketLayers.Tcp) != 0) return "TCP";
        if ((l & PacketLayers.Udp) != 0) return "UDP";
        if ((l & PacketLayers.Icmp) != 0) return "ICMP";
        if ((l & PacketLayers.Icmpv6) != 0) return "ICMPv6";
        if ((l & PacketLayers.IpFragment) != 0) return (l & PacketLayers.Ipv4) != 0 ? "IPv4" : "IPv6";
        if ((l & (PacketLayers.Ipv4 | PacketLayers.Ipv6)) != 0) return ProtocolNames.IpProtocol(p.IpProtocol);
        if ((l & PacketLayers.Arp) != 0) return "ARP";
        if (p.Status == DecodeStatus.Unsupported) return LinkTypeNames.ShortName(p.LinkType);
        if ((l & PacketLayers.Llc) != 0 && p.EtherType == 0) return "LLC";
        if (p.EtherType != 0) return ProtocolNames.EtherType(p.EtherType);
        return LinkTypeNames.ShortName(p.LinkType);
    }

    /// <param name="application">The application summary of the frame (SMTP command, TLS message …): shown instead of
    /// the TCP/UDP details, as tshark does.</param>
    public static string Info(in CaptureFrame f, in DecodedPacket p, TcpSegmentAnalysis? analysis = null, string? application = null)
    {
        var sb = new StringBuilder(96);
        if (analysis is { } a) AnalysisPrefix(sb, a);
        if (application is not null) sb.Append(application);
        else if (f.Kind == FrameKind.CustomBlock) sb.Append("Custom Block (not a packet)");
        else if (f.Kind == FrameKind.SystemdJournal) sb.Append("systemd journal entry (not a packet)");
        else if (p.IsTcp) Tcp(sb, p);
        else if (p.IsUdp) sb.Append(Inv, $"{p.SourcePort} → {p.DestinationPort} Len={p.PayloadLength}");
        else if (p.Has(PacketLayers.Icmp)) Icmp(sb, p);
        else if (p.Has(PacketLayers.Icmpv6)) Icmpv6(sb, p);
        else if (p.Has(PacketLayers.IpFragment))
            sb.Append(Inv, $"Fragmented IP protocol (proto={ProtocolNames.IpProtocol(p.IpProtocol)} {p.IpProtocol}, off={p.FragmentOffset}, ID={p.IpId:x4})");
        else if (p.Has(PacketLayers.Arp)) Arp(sb, p);
        else if (p.Status == DecodeStatus.Unsupported) sb.Append("Link type not decoded by Wirecase");
        if (p.Problem != PacketProblem.None)
            sb.Append(sb.Length > 0 ? " " : "").Append('[').Append(p.Status == DecodeStatus.Truncated ? "Truncated: " : p.Status == DecodeStatus.Unsupported ? "Unsupported: " : "Malformed: ")
              .Append(PacketProblemIds.Id(p.Problem)).Append(']');
        if (f.IsTruncated && f.Kind == FrameKind.Packet)
            sb.Append(sb.Length > 0 ? " " : "").Append("[Packet size limited during capture]");
        return sb.ToString();
    }

    /// <summary>Wireshark's bracketed analysis words before the info text, e.g. "[TCP Dup ACK 12#1] ".</summary>
    private static void AnalysisPrefix(StringBuilder sb, in TcpSegmentAnalysis a)
    {
        var flags = a.Flags;
        // Like Wireshark's info column: a fast or spurious retransmission is not also called a plain one.
        if ((flags & (TcpAnalysisFlags.FastRetransmission | TcpAnalysisFlags.SpuriousRetransmission)) != 0)
            flags &= ~TcpAnalysisFlags.Retransmission;
        foreach (var (flag, _, words) in TcpAnalysisNames.Of(flags))
        {
            if (flag == TcpAnalysisFlags.DuplicateAck)
                sb.Append(Inv, $"[TCP Dup ACK {a.DuplicateAckOfFrame}#{a.DuplicateAckNumber}] ");
            else
                sb.Append('[').Append(words).Append("] ");
        }
    }

    private static void Tcp(StringBuilder sb, in DecodedPacket p)
    {
        sb.Append(Inv, $"{p.SourcePort} → {p.DestinationPort} [{TcpFlagsText.ToWiresharkList(p.TcpFlags)}] Seq={p.Sequence.Value}");
        if ((p.TcpFlags & TcpFlags.Ack) != 0) sb.Append(Inv, $" Ack={p.Acknowledgment.Value}");
        sb.Append(Inv, $" Win={p.Window} Len={Math.Max(0, p.PayloadLength)}");
        if ((p.TcpFlags & TcpFlags.Urg) != 0) sb.Append(Inv, $" Urg={p.UrgentPointer}");
        ref readonly var o = ref p.TcpOptions;
        if (o.HasMss) sb.Append(Inv, $" MSS={o.Mss}");
        if (o.SackPermitted) sb.Append(" SACK_PERM");
        if (o.HasTimestamps) sb.Append(Inv, $" TSval={o.TsVal} TSecr={o.TsEcr}");
        if (o.HasWindowScale) sb.Append(Inv, $" WS={(o.WindowScale <= 14 ? 1 << o.WindowScale : 1 << 14)}");
        for (int i = 0; i < o.SackBlockCount; i++)
            sb.Append(Inv, $" SLE={o.SackLeft(i).Value} SRE={o.SackRight(i).Value}");
    }

    private static void Icmp(StringBuilder sb, in DecodedPacket p)
    {
        string text = (p.IcmpType, p.IcmpCode) switch
        {
            (0, _) => $"Echo (ping) reply    id=0x{p.IcmpIdentifier:x4}, seq={p.IcmpSequence}",
            (8, _) => $"Echo (ping) request  id=0x{p.IcmpIdentifier:x4}, seq={p.IcmpSequence}",
            (3, 0) => "Destination unreachable (Network unreachable)",
            (3, 1) => "Destination unreachable (Host unreachable)",
            (3, 2) => "Destination unreachable (Protocol unreachable)",
            (3, 3) => "Destination unreachable (Port unreachable)",
            (3, 4) => $"Destination unreachable (Fragmentation needed) next-hop MTU={p.IcmpMtu}",
            (3, 13) => "Destination unreachable (Communication administratively filtered)",
            (3, var c) => $"Destination unreachable (code {c})",
            (4, _) => "Source quench",
            (5, _) => "Redirect",
            (11, 0) => "Time-to-live exceeded (Time to live exceeded in transit)",
            (11, 1) => "Time-to-live exceeded (Fragment reassembly time exceeded)",
            (12, _) => "Parameter problem",
            (13, _) => "Timestamp request",
            (14, _) => "Timestamp reply",
            var (t, c) => $"Type {t}, code {c}",
        };
        sb.Append(text);
        Quote(sb, p);
    }

    private static void Icmpv6(StringBuilder sb, in DecodedPacket p)
    {
        string text = (p.IcmpType, p.IcmpCode) switch
        {
            (1, var c) => $"Destination Unreachable (code {c})",
            (2, _) => $"Packet Too Big MTU={p.IcmpMtu}",
            (3, _) => "Time Exceeded",
            (4, _) => "Parameter Problem",
            (128, _) => $"Echo (ping) request id=0x{p.IcmpIdentifier:x4}, seq={p.IcmpSequence}",
            (129, _) => $"Echo (ping) reply id=0x{p.IcmpIdentifier:x4}, seq={p.IcmpSequence}",
            (133, _) => "Router Solicitation",
            (134, _) => "Router Advertisement",
            (135, _) => "Neighbor Solicitation",
            (136, _) => "Neighbor Advertisement",
            (137, _) => "Redirect",
            (143, _) => "Multicast Listener Report Message v2",
            var (t, c) => $"Type {t}, code {c}",
        };
        sb.Append(text);
        Quote(sb, p);
    }

    private static void Quote(StringBuilder sb, in DecodedPacket p)
    {
        if (!p.Has(PacketLayers.IcmpQuote)) return;
        ref readonly var q = ref p.Quoted;
        sb.Append(" (about ").Append(q.Source.ToString());
        if (q.HasPorts) sb.Append(Inv, $":{q.SourcePort}");
        sb.Append(" → ").Append(q.Destination.ToString());
        if (q.HasPorts) sb.Append(Inv, $":{q.DestinationPort}");
        sb.Append(' ').Append(ProtocolNames.IpProtocol(q.Protocol)).Append(')');
    }

    private static void Arp(StringBuilder sb, in DecodedPacket p)
    {
        if (p.ArpOperation == 1) sb.Append(Inv, $"Who has {p.ArpTarget}? Tell {p.ArpSender}");
        else if (p.ArpOperation == 2) sb.Append(Inv, $"{p.ArpSender} is at {p.EthernetSource}");
        else sb.Append(Inv, $"ARP operation {p.ArpOperation}");
    }
}
