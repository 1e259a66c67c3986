using Wirecase.Packets.Decoding;
using Wirecase.Query.Evaluation;

namespace Wirecase.Query.Fields;

public static partial class FieldCatalog
{
    private static void AddLinkFields()
    {
        Protocol("frame", "Every frame", (in FrameView f) => true, (in FrameView f) => 0);
        Number("frame.number", "Frame number (Wireshark's, per file)", (in FrameView f) => true, (in FrameView f) => f.Number);
        Number("frame.len", "Length on the wire", (in FrameView f) => true, (in FrameView f) => f.OriginalLength);
        Number("frame.cap_len", "Bytes captured", (in FrameView f) => true, (in FrameView f) => f.Data.Length);
        Seconds("frame.time_relative", "Seconds since the first frame", (in FrameView f) => f.HasTimestamp, (in FrameView f) => f.RelativeNs / 1e9);
        Seconds("frame.time_delta", "Seconds since the previous frame", (in FrameView f) => f.HasTimestamp, (in FrameView f) => f.DeltaNs / 1e9);
        Seconds("frame.time_epoch", "Seconds since 1970-01-01 UTC", (in FrameView f) => f.HasTimestamp, (in FrameView f) => f.TimestampNs / 1e9);
        Number("frame.interface_id", "Interface (pcapng IDB index)", (in FrameView f) => true, (in FrameView f) => f.InterfaceId);
        Text("frame.comment", "The frame's comment (pcapng)", (in FrameView f) => f.Comment);
        Text("frame.protocols", "The protocols in the frame, outermost first (eth:ethertype:ip:tcp…)", Protocols, FieldNeeds.Application);

        Protocol("eth", "Ethernet", (in FrameView f) => f.Packet.Has(PacketLayers.Ethernet), (in FrameView f) => 0);
        Ether("eth.src", "Ethernet source", (in FrameView f) => f.Packet.Has(PacketLayers.Ethernet), (in FrameView f) => (long)f.Packet.EthernetSource.Value);
        Ether("eth.dst", "Ethernet destination", (in FrameView f) => f.Packet.Has(PacketLayers.Ethernet), (in FrameView f) => (long)f.Packet.EthernetDestination.Value);
        Add(new("eth.addr", FieldType.Ether, "Ethernet source or destination", (in FrameView f, FieldValue[] into) =>
        {
            if (!f.Packet.Has(PacketLayers.Ethernet)) return 0;
            into[0].Number = (long)f.Packet.EthernetSource.Value;
            into[1].Number = (long)f.Packet.EthernetDestination.Value;
            return 2;
        }));
        Number("eth.type", "EtherType (0x8100 for a VLAN-tagged frame)", (in FrameView f) => f.Packet.Has(PacketLayers.Ethernet),
            (in FrameView f) => f.Packet.VlanCount > 0 ? f.Packet.OuterVlanTpid : f.Packet.EtherType);

        Protocol("vlan", "802.1Q VLAN tag", (in FrameView f) => f.Packet.VlanCount > 0, (in FrameView f) => 14);
        Add(new("vlan.id", FieldType.Number, "VLAN identifier (each tag)", (in FrameView f, FieldValue[] into) =>
        {
            if (f.Packet.VlanCount == 0) return 0;
            into[0].Number = f.Packet.OuterVlanId;
            if (f.Packet.VlanCount < 2) return 1;
            into[1].Number = f.Packet.InnerVlanId;
            return 2;
        }));

        Protocol("arp", "ARP", (in FrameView f) => f.Packet.Has(PacketLayers.Arp), (in FrameView f) => f.Packet.NetworkOffset);
        Number("arp.opcode", "ARP operation (1 request, 2 reply)", (in FrameView f) => f.Packet.Has(PacketLayers.Arp), (in FrameView f) => f.Packet.ArpOperation);
        Address("arp.src.proto_ipv4", "ARP sender IPv4 address", (in FrameView f) => f.Packet.Has(PacketLayers.Arp) && f.Packet.ArpSender.Version == 4, (in FrameView f) => f.Packet.ArpSender);
        Address("arp.dst.proto_ipv4", "ARP target IPv4 address", (in FrameView f) => f.Packet.Has(PacketLayers.Arp) && f.Packet.ArpTarget.Version == 4, (in FrameView f) => f.Packet.ArpTarget);
    }

    private static string? Protocols(in FrameView f)
    {
        ref readonly var p = ref f.Packet;
        var parts = new List<string>(6);
        if (p.Has(PacketLayers.Ethernet)) parts.Add("eth:ethertype");
        if (p.Has(PacketLayers.LinuxSll)) parts.Add("sll:ethertype");
        if (p.VlanCount > 0) parts.Add("vlan:ethertype");
        if (p.Has(PacketLayers.Arp)) parts.Add("arp");
        if (p.Has(PacketLayers.Ipv4)) parts.Add("ip");
        if (p.Has(PacketLayers.Ipv6)) parts.Add("ipv6");
        if (p.Has(PacketLayers.Tcp)) parts.Add("tcp");
        if (p.Has(PacketLayers.Udp)) parts.Add("udp");
        if (p.Has(PacketLayers.Icmp)) parts.Add("icmp");
        if (p.Has(PacketLayers.Icmpv6)) parts.Add("icmpv6");
        if (f.Application is { } app) parts.Add(app.ToLowerInvariant());
        return string.Join(':', parts);
    }
}
