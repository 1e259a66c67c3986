using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;
using Wirecase.TestKit;

namespace Wirecase.Packets.Tests;

public sealed class TcpDecodeTests
{
    // MSS 1460, SACK permitted, timestamps, NOP, window scale 7 (a Linux SYN).
    private static readonly byte[] SynOptions = [2, 4, 5, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7];

    [Fact]
    public void A_syn_decodes_every_field_and_option()
    {
        var frame = FrameBuilder.Create().Tcp(50000, 443, 0xFFFFFFF0, 0, 0x02, 64240, SynOptions);
        var p = Decode.One(frame);
        Assert.Equal(DecodeStatus.Ok, p.Status);
        Assert.True(p.IsTcp);
        Assert.Equal("198.18.0.1", p.Source.ToString());
        Assert.Equal("198.18.0.2", p.Destination.ToString());
        Assert.Equal(50000, p.SourcePort);
        Assert.Equal(443, p.DestinationPort);
        Assert.Equal(0xFFFFFFF0u, p.Sequence.Value);
        Assert.Equal(TcpFlags.Syn, p.TcpFlags);
        Assert.Equal(64240, p.Window);
        Assert.Equal(40, p.TcpHeaderLength);
        Assert.Equal(0, p.PayloadLength);
        Assert.True(p.TcpOptions.HasMss);
        Assert.Equal(1460, p.TcpOptions.Mss);
        Assert.True(p.TcpOptions.SackPermitted);
        Assert.True(p.TcpOptions.HasTimestamps);
        Assert.Equal(1u, p.TcpOptions.TsVal);
        Assert.Equal(7, p.TcpOptions.WindowScale);
        Assert.Equal(ChecksumStatus.Good, p.IpChecksum);
        Assert.Equal(ChecksumStatus.Good, p.TransportChecksum);
        Assert.True(p.DontFragment);
        Assert.Equal(64, p.Ttl);
    }

    [Fact]
    public void Sack_blocks_are_kept()
    {
        byte[] sack = [1, 1, 5, 18, 0, 0, 0, 10, 0, 0, 0, 20, 0, 0, 0, 30, 0, 0, 0, 40];
        var p = Decode.One(FrameBuilder.Create().Tcp(1, 2, 100, 200, 0x10, options: sack));
        Assert.Equal(2, p.TcpOptions.SackBlockCount);
        Assert.Equal(10u, p.TcpOptions.SackLeft(0).Value);
        Assert.Equal(40u, p.TcpOptions.SackRight(1).Value);
    }

    [Fact]
    public void A_flipped_payload_byte_makes_the_tcp_checksum_bad_but_not_the_ip_one()
    {
        var frame = FrameBuilder.Create().Tcp(1, 2, 100, 200, 0x18, payload: "hello"u8.ToArray());
        frame[^1] ^= 0xFF;
        var p = Decode.One(frame);
        Assert.Equal(ChecksumStatus.Bad, p.TransportChecksum);
        Assert.Equal(ChecksumStatus.Good, p.IpChecksum);
    }

    [Fact]
    public void A_snaplen_cut_segment_keeps_its_length_from_the_ip_header()
    {
        var frame = FrameBuilder.Create().Tcp(1, 2, 100, 200, 0x18, payload: new byte[1000]);
        var p = Decode.One(frame[..80], originalLength: (uint)frame.Length);
        Assert.Equal(DecodeStatus.Ok, p.Status);
        Assert.Equal(1000, p.PayloadLength);
        Assert.Equal(80 - 14 - 20 - 20, p.PayloadCaptured);
        Assert.Equal(1000 - p.PayloadCaptured, p.PayloadMissing);
        Assert.Equal(ChecksumStatus.Unverified, p.TransportChecksum);
    }

    [Fact]
    public void Options_cut_by_the_capture_leave_the_fixed_header_decoded()
    {
        var frame = FrameBuilder.Create().Tcp(1, 2, 100, 200, 0x02, options: SynOptions);
        var p = Decode.One(frame[..(14 + 20 + 24)], originalLength: (uint)frame.Length);
        Assert.Equal(DecodeStatus.Truncated, p.Status);
        Assert.Equal(PacketProblem.TcpTruncated, p.Problem);
        Assert.Equal(100u, p.Sequence.Value);
        Assert.False(p.TcpOptions.HasMss);
    }

    [Fact]
    public void A_data_offset_below_five_words_is_malformed()
    {
        var frame = FrameBuilder.Create().Tcp(1, 2, 100, 200, 0x10);
        frame[14 + 20 + 12] = 0x30;
        var p = Decode.One(frame);
        Assert.Equal(DecodeStatus.Malformed, p.Status);
        Assert.Equal(PacketProblem.TcpBadHeaderLength, p.Problem);
        Assert.Equal(2, p.DestinationPort);
    }

    [Fact]
    public void An_option_running_off_the_header_is_malformed()
    {
        byte[] bad = [2, 40, 5, 0xB4];
        var p = Decode.One(FrameBuilder.Create().Tcp(1, 2, 100, 200, 0x02, options: bad));
        Assert.Equal(PacketProblem.TcpOptionMalformed, p.Problem);
    }

    [Fact]
    public void Tcp_over_ipv6_with_extension_headers()
    {
        var tcp = FrameBuilder.Create().Addresses("2001:db8::1", "2001:db8::2").Tcp(1, 80, 5, 0, 0x02);
        var p = Decode.One(tcp);
        Assert.True(p.Has(PacketLayers.Ipv6));
        Assert.Equal("2001:db8::1", p.Source.ToString());
        Assert.Equal(ChecksumStatus.Good, p.TransportChecksum);

        // Insert hop-by-hop (8 bytes) and destination options (8 bytes) before the TCP header.
        var ip = tcp[14..];
        byte[] ext = [60, 0, 1, 4, 0, 0, 0, 0, 6, 0, 1, 4, 0, 0, 0, 0];
        var withExt = tcp[..14].Concat(ip[..40]).Concat(ext).Concat(ip[40..]).ToArray();
        withExt[14 + 6] = 0;   // next header: hop-by-hop
        withExt[14 + 5] += 16; // payload length
        var q = Decode.One(withExt);
        Assert.True(q.IsTcp);
        Assert.Equal(0, q.Ipv6NextHeader);
        Assert.Equal(6, q.IpProtocol);
        Assert.Equal(56, q.IpHeaderLength);
        Assert.Equal(ChecksumStatus.Good, q.TransportChecksum);
    }

    [Fact]
    public void Decoding_a_segment_allocates_nothing()
    {
        var frame = FrameBuilder.Create().Tcp(1, 2, 100, 200, 0x18, options: SynOptions, payload: new byte[1400]);
        var decoder = new PacketDecoder();
        var p = new DecodedPacket();
        decoder.Decode(Wirecase.Capture.LinkType.Ethernet, frame, (uint)frame.Length, 0, ref p);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10_000; i++) decoder.Decode(Wirecase.Capture.LinkType.Ethernet, frame, (uint)frame.Length, 0, ref p);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
