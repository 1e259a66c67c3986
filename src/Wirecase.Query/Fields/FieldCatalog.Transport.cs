using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;
using Wirecase.Query.Evaluation;

namespace Wirecase.Query.Fields;

public static partial class FieldCatalog
{
    private static bool Tcp(in FrameView f) => f.Packet.IsTcp;
    private static bool Udp(in FrameView f) => f.Packet.IsUdp;
    // The transport header an ICMP error quotes is dissected as TCP/UDP too (ports, and TCP's sequence number).
    private static bool QuotedTcp(in FrameView f) => f.Packet.Has(PacketLayers.IcmpQuote) && f.Packet.Quoted.HasPorts && f.Packet.Quoted.Protocol == 6;
    private static bool QuotedUdp(in FrameView f) => f.Packet.Has(PacketLayers.IcmpQuote) && f.Packet.Quoted.HasPorts && f.Packet.Quoted.Protocol == 17;
    private static bool AnyTcp(in FrameView f) => Tcp(f) || QuotedTcp(f);
    private static bool AnyUdp(in FrameView f) => Udp(f) || QuotedUdp(f);
    private static long SourcePort(in FrameView f) => f.Packet.IsTcp || f.Packet.IsUdp ? f.Packet.SourcePort : f.Packet.Quoted.SourcePort;
    private static long DestinationPort(in FrameView f) => f.Packet.IsTcp || f.Packet.IsUdp ? f.Packet.DestinationPort : f.Packet.Quoted.DestinationPort;
    private static bool Analysed(in FrameView f) => f.Packet.IsTcp && f.HasTcpAnalysis;

    private static void AddTransportFields()
    {
        Protocol("tcp", "TCP", AnyTcp, (in FrameView f) => f.Packet.TransportOffset);
        Number("tcp.srcport", "TCP source port", AnyTcp, SourcePort);
        Number("tcp.dstport", "TCP destination port", AnyTcp, DestinationPort);
        Numbers("tcp.port", "TCP source or destination port", AnyTcp, SourcePort, DestinationPort);
        Number("tcp.stream", "TCP connection index (as Wireshark numbers them)", (in FrameView f) => Analysed(f) || (QuotedTcp(f) && f.QuotedTcpStream >= 0),
            (in FrameView f) => f.Packet.IsTcp ? f.Tcp.Stream : f.QuotedTcpStream, FieldNeeds.TcpAnalysis);
        Number("tcp.len", "TCP payload length", Tcp, (in FrameView f) => f.Packet.PayloadLength);
        Number("tcp.hdr_len", "TCP header length", Tcp, (in FrameView f) => f.Packet.TcpHeaderLength);
        Number("tcp.seq", "Sequence number (relative to the connection's first)", Analysed, (in FrameView f) => f.Tcp.RelativeSeq, FieldNeeds.TcpAnalysis);
        Number("tcp.seq_raw", "Sequence number as sent", (in FrameView f) => Tcp(f) || (QuotedTcp(f) && f.Packet.Quoted.HasSequence),
            (in FrameView f) => f.Packet.IsTcp ? f.Packet.Sequence.Value : f.Packet.Quoted.Sequence.Value);
        Number("tcp.ack", "Acknowledgment number (relative)", (in FrameView f) => Analysed(f) && (f.Packet.TcpFlags & TcpFlags.Ack) != 0,
            (in FrameView f) => f.Tcp.RelativeAck, FieldNeeds.TcpAnalysis);
        Number("tcp.ack_raw", "Acknowledgment number as sent", (in FrameView f) => Tcp(f) && (f.Packet.TcpFlags & TcpFlags.Ack) != 0, (in FrameView f) => f.Packet.Acknowledgment.Value);
        Number("tcp.nxtseq", "Next sequence number (relative)", (in FrameView f) => Analysed(f) && f.Tcp.SequenceLength > 0,
            (in FrameView f) => (uint)(f.Tcp.RelativeSeq + f.Tcp.SequenceLength), FieldNeeds.TcpAnalysis);
        Number("tcp.flags", "TCP flags (12 bits)", Tcp, (in FrameView f) => f.Packet.TcpRawFlags & 0x0FFF);
        TcpFlag("tcp.flags.fin", TcpFlags.Fin);
        TcpFlag("tcp.flags.syn", TcpFlags.Syn);
        TcpFlag("tcp.flags.reset", TcpFlags.Rst);
        TcpFlag("tcp.flags.push", TcpFlags.Psh);
        TcpFlag("tcp.flags.ack", TcpFlags.Ack);
        TcpFlag("tcp.flags.urg", TcpFlags.Urg);
        TcpFlag("tcp.flags.ece", TcpFlags.Ece);
        TcpFlag("tcp.flags.cwr", TcpFlags.Cwr);
        TcpFlag("tcp.flags.ns", TcpFlags.Ns);
        Number("tcp.window_size_value", "Window as sent", Tcp, (in FrameView f) => f.Packet.Window);
        Number("tcp.window_size", "Window after scaling (when the handshake was seen)", Tcp,
            (in FrameView f) => f.HasTcpAnalysis && f.Tcp.ScaledWindow > 0 ? f.Tcp.ScaledWindow : f.Packet.Window, FieldNeeds.TcpAnalysis);
        Number("tcp.urgent_pointer", "Urgent pointer", Tcp, (in FrameView f) => f.Packet.UrgentPointer);
        Number("tcp.options.mss_val", "MSS option", (in FrameView f) => Tcp(f) && f.Packet.TcpOptions.HasMss, (in FrameView f) => f.Packet.TcpOptions.Mss);
        Number("tcp.options.wscale.shift", "Window scale option: shift", (in FrameView f) => Tcp(f) && f.Packet.TcpOptions.HasWindowScale, (in FrameView f) => f.Packet.TcpOptions.WindowScale);
        Number("tcp.options.wscale.multiplier", "Window scale option: multiplier", (in FrameView f) => Tcp(f) && f.Packet.TcpOptions.HasWindowScale,
            (in FrameView f) => 1L << Math.Min((int)f.Packet.TcpOptions.WindowScale, 14));
        Label("tcp.options.sack_perm", "SACK permitted option", (in FrameView f) => Tcp(f) && f.Packet.TcpOptions.SackPermitted);
        Label("tcp.options.sack", "SACK option", (in FrameView f) => Tcp(f) && f.Packet.TcpOptions.SackBlockCount > 0);
        Number("tcp.options.timestamp.tsval", "Timestamp option: value", (in FrameView f) => Tcp(f) && f.Packet.TcpOptions.HasTimestamps, (in FrameView f) => f.Packet.TcpOptions.TsVal);
        Number("tcp.options.timestamp.tsecr", "Timestamp option: echo reply", (in FrameView f) => Tcp(f) && f.Packet.TcpOptions.HasTimestamps, (in FrameView f) => f.Packet.TcpOptions.TsEcr);
        Add(new("tcp.payload", FieldType.Bytes, "TCP payload bytes", (in FrameView f, FieldValue[] into) =>
            PayloadBytes(f, Tcp(f), into)));

        Protocol("udp", "UDP", AnyUdp, (in FrameView f) => f.Packet.TransportOffset);
        Number("udp.srcport", "UDP source port", AnyUdp, SourcePort);
        Number("udp.dstport", "UDP destination port", AnyUdp, DestinationPort);
        Numbers("udp.port", "UDP source or destination port", AnyUdp, SourcePort, DestinationPort);
        Number("udp.length", "UDP length (header and data)", Udp, (in FrameView f) => f.Packet.UdpLength);
        Add(new("udp.payload", FieldType.Bytes, "UDP payload bytes", (in FrameView f, FieldValue[] into) =>
            PayloadBytes(f, Udp(f), into)));
    }

    private static void TcpFlag(string name, TcpFlags flag) =>
        Flag(name, $"TCP {name[10..].ToUpperInvariant()} flag", Tcp, (in FrameView f) => (f.Packet.TcpFlags & flag) != 0);

    private static int PayloadBytes(in FrameView f, bool layer, FieldValue[] into)
    {
        if (!layer || f.Packet.PayloadLength <= 0 || f.Packet.PayloadCaptured <= 0) return 0;
        into[0].Offset = f.Packet.PayloadOffset;
        into[0].Length = Math.Min(f.Packet.PayloadCaptured, f.Data.Length - f.Packet.PayloadOffset);
        return 1;
    }
}
