using Wirecase.Capture;
using Wirecase.Packets.Decoding;
using Wirecase.TestKit;

namespace Wirecase.Packets.Tests;

public sealed class LinkAndNetworkDecodeTests
{
    [Fact]
    public void Vlan_and_qinq_tags_are_walked()
    {
        var p = Decode.One(FrameBuilder.Create().Vlan(200, 0x88A8).Vlan(2001).Udp(53, 5353, [1, 2, 3]));
        Assert.True(p.IsUdp);
        Assert.Equal(2, p.VlanCount);
        Assert.Equal(200, p.OuterVlanId);
        Assert.Equal(2001, p.InnerVlanId);
        Assert.Equal(2001, p.CustomerVlanId);
    }

    [Fact]
    public void Udp_without_checksum_over_ipv4_is_not_present_not_bad()
    {
        var p = Decode.One(FrameBuilder.Create().Udp(1, 2, [1, 2, 3], zeroChecksum: true));
        Assert.Equal(ChecksumStatus.NotPresent, p.TransportChecksum);
        Assert.Equal(3, p.PayloadLength);
    }

    [Fact]
    public void Ethernet_padding_is_trimmed_by_the_ip_length()
    {
        var frame = FrameBuilder.Create().Udp(1, 2, [7]);
        var padded = frame.Concat(new byte[20]).ToArray();
        var p = Decode.One(padded);
        Assert.Equal(1, p.PayloadLength);
        Assert.Equal(ChecksumStatus.Good, p.TransportChecksum);
    }

    [Fact]
    public void Bad_ip_header_length_is_malformed_and_does_not_throw()
    {
        var frame = FrameBuilder.Create().Udp(1, 2, [7]);
        frame[14] = 0x43;
        var p = Decode.One(frame);
        Assert.Equal(DecodeStatus.Malformed, p.Status);
        Assert.Equal(PacketProblem.Ipv4BadHeaderLength, p.Problem);
    }

    [Fact]
    public void A_total_length_beyond_the_frame_is_malformed_and_clamped()
    {
        var frame = FrameBuilder.Create().Udp(1, 2, [7, 8]);
        frame[14 + 2] = 0x05;
        var p = Decode.One(frame);
        Assert.Equal(PacketProblem.Ipv4TotalLengthBeyondFrame, p.Problem);
        Assert.True(p.IsUdp);
    }

    [Fact]
    public void Ipv4_total_length_zero_means_offload_and_uses_the_frame()
    {
        var frame = FrameBuilder.Create().Tcp(1, 2, 3, 4, 0x10, payload: new byte[100]);
        frame[16] = 0; frame[17] = 0;
        var p = Decode.One(frame);
        Assert.True(p.Has(PacketLayers.TsoZeroLength));
        Assert.Equal(100, p.PayloadLength);
    }

    [Theory]
    [InlineData(new byte[] { 2, 0, 0, 0 })]   // AF_INET, little-endian host
    [InlineData(new byte[] { 0, 0, 0, 2 })]   // AF_INET, big-endian host
    public void Bsd_loopback_in_either_byte_order(byte[] header)
    {
        var ip = FrameBuilder.Create().Udp(1, 2, [1])[14..];
        var p = Decode.One([.. header, .. ip], LinkType.Null);
        Assert.True(p.IsUdp);
    }

    [Fact]
    public void Linux_cooked_v1_and_v2()
    {
        var ip = FrameBuilder.Create().Udp(1, 2, [1])[14..];
        var sll = new byte[16];
        sll[14] = 0x08;
        Assert.True(Decode.One([.. sll, .. ip], LinkType.LinuxSll).IsUdp);
        var sll2 = new byte[20];
        sll2[0] = 0x08;
        Assert.True(Decode.One([.. sll2, .. ip], LinkType.LinuxSll2).IsUdp);
    }

    [Fact]
    public void Raw_ip_picks_the_version_from_the_packet()
    {
        var v6 = FrameBuilder.Create().Addresses("2001:db8::1", "2001:db8::2").Udp(1, 2, [1])[14..];
        Assert.True(Decode.One(v6, LinkType.Raw).Has(PacketLayers.Ipv6));
        var v4 = FrameBuilder.Create().Udp(1, 2, [1])[14..];
        Assert.True(Decode.One(v4, LinkType.Raw).Has(PacketLayers.Ipv4));
    }

    [Fact]
    public void Arp_is_recognised()
    {
        byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 198, 18, 0, 1, 0, 0, 0, 0, 0, 0, 198, 18, 0, 2];
        var p = Decode.One(FrameBuilder.Create().Ethernet(0x0806, arp));
        Assert.True(p.Has(PacketLayers.Arp));
        Assert.Equal(ChecksumStatus.Unverified, p.IpChecksum);
        Assert.Equal(ChecksumStatus.Unverified, p.TransportChecksum);
        Assert.Equal(1, p.ArpOperation);
        Assert.Equal("198.18.0.2", p.ArpTarget.ToString());
    }

    [Fact]
    public void An_icmp_fragmentation_needed_names_the_connection_it_quotes()
    {
        var offending = FrameBuilder.Create().Addresses("198.18.0.1", "203.0.113.9").Tcp(40000, 25, 123456, 0, 0x18, payload: new byte[1400])[14..];
        var quote = offending[..28];
        var icmp = new byte[8 + quote.Length];
        icmp[0] = 3; icmp[1] = 4; icmp[6] = 0x05; icmp[7] = 0x78;   // next-hop MTU 1400
        quote.CopyTo(icmp, 8);
        ushort sum = FrameBuilder.Checksum(0, icmp);
        icmp[2] = (byte)(sum >> 8); icmp[3] = (byte)sum;
        var frame = FrameBuilder.Create().Addresses("198.51.100.1", "198.18.0.1").Ip(1, icmp, checksumOffset: -1);
        var p = Decode.One(frame);
        Assert.True(p.Has(PacketLayers.Icmp | PacketLayers.IcmpQuote));
        Assert.Equal(1400u, p.IcmpMtu);
        Assert.Equal(ChecksumStatus.Good, p.TransportChecksum);
        Assert.Equal("203.0.113.9", p.Quoted.Destination.ToString());
        Assert.Equal(40000, p.Quoted.SourcePort);
        Assert.Equal(25, p.Quoted.DestinationPort);
        Assert.Equal(123456u, p.Quoted.Sequence.Value);
        Assert.True(p.Quoted.DontFragment);
    }

    [Fact]
    public void Icmpv6_echo_checksum_uses_the_pseudo_header()
    {
        var p = Decode.One(FrameBuilder.Create().Addresses("2001:db8::1", "2001:db8::2").IcmpEcho(7, 1, new byte[22]));
        Assert.True(p.Has(PacketLayers.Icmpv6));
        Assert.Equal(128, p.IcmpType);
        Assert.Equal(ChecksumStatus.Good, p.TransportChecksum);
    }

    [Fact]
    public void Unsupported_link_types_say_so()
    {
        var p = Decode.One([1, 2, 3], (LinkType)147);
        Assert.Equal(DecodeStatus.Unsupported, p.Status);
        Assert.Equal(PacketProblem.LinkUnsupported, p.Problem);
    }
}
