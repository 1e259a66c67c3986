using System.Text.Json;
using Wirecase.Capture;
using Wirecase.Flows.Tcp;
using Wirecase.Packets;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;

namespace Wirecase.Cli.Output;

/// <summary>`wirecase packets --json`: one object a frame, one per line (JSON Lines), schema "wirecase.packet/1".</summary>
internal sealed class PacketJsonWriter(Stream output) : IDisposable
{
    public const string Schema = "wirecase.packet/1";
    private readonly Utf8JsonWriter _json = new(output);

    public void Write(string? file, in CaptureFrame f, in DecodedPacket p, long relativeNs, TcpSegmentAnalysis? analysis = null,
        (string Protocol, string Text)? application = null)
    {
        var j = _json;
        j.Reset(output);
        j.WriteStartObject();
        j.WriteNumber("number", f.Number);
        if (file is not null) j.WriteString("file", file);
        j.WriteNumber("time", relativeNs / 1e9);
        if (f.HasTimestamp) j.WriteString("epoch", TimeText.Epoch(f.TimestampNs));
        else j.WriteNull("epoch");
        j.WriteString("kind", f.Kind switch { FrameKind.Packet => "packet", FrameKind.CustomBlock => "custom-block", _ => "systemd-journal" });
        j.WriteNumber("length", f.OriginalLength);
        j.WriteNumber("capturedLength", f.CapturedLength);
        if (f.Interface is { } i) j.WriteNumber("interface", i.IdInSection);
        j.WriteNumber("linkType", (uint)f.LinkType);
        j.WriteString("protocol", PacketLine.Protocol(f, p));
        string src = PacketLine.Source(p), dst = PacketLine.Destination(p);
        if (src.Length > 0) j.WriteString("src", src);
        if (dst.Length > 0) j.WriteString("dst", dst);
        if (p.IsTcp || p.IsUdp)
        {
            j.WriteNumber("srcPort", p.SourcePort);
            j.WriteNumber("dstPort", p.DestinationPort);
        }
        if (p.Has(PacketLayers.Ethernet))
        {
            j.WriteString("ethSrc", p.EthernetSource.ToString());
            j.WriteString("ethDst", p.EthernetDestination.ToString());
        }
        if (p.VlanCount > 0) j.WriteNumber("vlan", p.OuterVlanId);
        if (p.IsIp) WriteIp(j, p);
        if (p.IsTcp) WriteTcp(j, p, analysis);
        if (p.IsUdp)
        {
            j.WriteStartObject("udp");
            j.WriteNumber("length", p.UdpLength);
            j.WriteString("checksum", Status(p.TransportChecksum));
            j.WriteEndObject();
        }
        if (p.Has(PacketLayers.Icmp) || p.Has(PacketLayers.Icmpv6))
        {
            j.WriteStartObject(p.Has(PacketLayers.Icmp) ? "icmp" : "icmpv6");
            j.WriteNumber("type", p.IcmpType);
            j.WriteNumber("code", p.IcmpCode);
            if (p.IcmpMtu != 0) j.WriteNumber("mtu", p.IcmpMtu);
            if (p.Has(PacketLayers.IcmpQuote))
            {
                ref readonly var q = ref p.Quoted;
                j.WriteStartObject("quoted");
                j.WriteString("src", q.Source.ToString());
                j.WriteString("dst", q.Destination.ToString());
                j.WriteNumber("protocol", q.Protocol);
                if (q.HasPorts)
                {
                    j.WriteNumber("srcPort", q.SourcePort);
                    j.WriteNumber("dstPort", q.DestinationPort);
                }
                if (q.HasSequence) j.WriteNumber("tcpSeq", q.Sequence.Value);
                j.WriteEndObject();
            }
            j.WriteEndObject();
        }
        if (application is { } app)
        {
            j.WriteStartObject("application");
            j.WriteString("protocol", app.Protocol);
            j.WriteString("summary", app.Text);
            j.WriteEndObject();
        }
        j.WriteString("info", PacketLine.Info(f, p, analysis, application?.Text));
        if (p.Problem != PacketProblem.None)
        {
            j.WriteString("status", p.Status.ToString().ToLowerInvariant());
            j.WriteString("problem", PacketProblemIds.Id(p.Problem));
        }
        if (f.Comment is not null) j.WriteString("comment", f.Comment);
        j.WriteEndObject();
        j.Flush();
        output.WriteByte((byte)'\n');
    }

    public void Dispose() => _json.Dispose();

    private static void WriteIp(Utf8JsonWriter j, in DecodedPacket p)
    {
        j.WriteStartObject(p.Has(PacketLayers.Ipv4) ? "ip" : "ipv6");
        j.WriteNumber("protocol", p.IpProtocol);
        j.WriteNumber(p.Has(PacketLayers.Ipv4) ? "ttl" : "hopLimit", p.Ttl);
        if (p.Has(PacketLayers.Ipv4))
        {
            j.WriteNumber("id", p.IpId);
            j.WriteNumber("totalLength", p.IpTotalLength);
            j.WriteBoolean("df", p.DontFragment);
            j.WriteBoolean("mf", p.MoreFragments);
            j.WriteNumber("fragmentOffset", p.FragmentOffset);
            j.WriteString("checksum", Status(p.IpChecksum));
        }
        else
        {
            j.WriteNumber("payloadLength", p.Ipv6PayloadLength);
            j.WriteNumber("nextHeader", p.Ipv6NextHeader);
        }
        if (p.Has(PacketLayers.IpFragment)) j.WriteBoolean("fragment", true);
        if (p.Has(PacketLayers.Reassembled)) j.WriteBoolean("reassembled", true);
        j.WriteEndObject();
    }

    private static void WriteTcp(Utf8JsonWriter j, in DecodedPacket p, TcpSegmentAnalysis? analysis)
    {
        j.WriteStartObject("tcp");
        if (analysis is { } a)
        {
            j.WriteNumber("stream", a.Stream);
            j.WriteNumber("relSeq", a.RelativeSeq);
            j.WriteNumber("relAck", a.RelativeAck);
            j.WriteStartArray("analysis");
            foreach (var (_, field, _) in TcpAnalysisNames.Of(a.Flags)) j.WriteStringValue(field);
            j.WriteEndArray();
            if (a.Has(TcpAnalysisFlags.DuplicateAck))
            {
                j.WriteNumber("dupAckNum", a.DuplicateAckNumber);
                j.WriteNumber("dupAckFrame", a.DuplicateAckOfFrame);
            }
            if (a.AckedFrame != 0)
            {
                j.WriteNumber("ackRtt", a.AckRttNs / 1e9);
                j.WriteNumber("ackedFrame", a.AckedFrame);
            }
            if (a.RtoFrame != 0)
            {
                j.WriteNumber("rto", a.RtoNs / 1e9);
                j.WriteNumber("rtoFrame", a.RtoFrame);
            }
            if (a.BytesInFlight > 0) j.WriteNumber("bytesInFlight", a.BytesInFlight);
            if (a.InitialRttNs > 0) j.WriteNumber("initialRtt", a.InitialRttNs / 1e9);
        }
        j.WriteNumber("seq", p.Sequence.Value);
        j.WriteNumber("ack", p.Acknowledgment.Value);
        j.WriteString("flags", TcpFlagsText.ToWiresharkList(p.TcpFlags));
        j.WriteNumber("flagBits", p.TcpRawFlags);
        j.WriteNumber("window", p.Window);
        j.WriteNumber("headerLength", p.TcpHeaderLength);
        j.WriteNumber("len", Math.Max(0, p.PayloadLength));
        if (p.PayloadMissing > 0) j.WriteNumber("payloadMissing", p.PayloadMissing);
        ref readonly var o = ref p.TcpOptions;
        if (o.HasMss) j.WriteNumber("mss", o.Mss);
        if (o.HasWindowScale) j.WriteNumber("windowScale", o.WindowScale);
        if (o.SackPermitted) j.WriteBoolean("sackPermitted", true);
        if (o.HasTimestamps)
        {
            j.WriteNumber("tsval", o.TsVal);
            j.WriteNumber("tsecr", o.TsEcr);
        }
        if (o.SackBlockCount > 0)
        {
            j.WriteStartArray("sack");
            for (int i = 0; i < o.SackBlockCount; i++)
            {
                j.WriteStartArray();
                j.WriteNumberValue(o.SackLeft(i).Value);
                j.WriteNumberValue(o.SackRight(i).Value);
                j.WriteEndArray();
            }
            j.WriteEndArray();
        }
        j.WriteString("checksum", Status(p.TransportChecksum));
        j.WriteEndObject();
    }

    private static string Status(ChecksumStatus s) => s switch
    {
        ChecksumStatus.Good => "good",
        ChecksumStatus.Bad => "bad",
        ChecksumStatus.NotPresent => "not-present",
        _ => "unverified",
    };
}
