using Wirecase.Capture;
using Wirecase.Packets.Decoding;
using Wirecase.TestKit;

namespace Wirecase.Packets.Tests;

public sealed class ReassemblyTests
{
    /// <summary>Splits an IPv4 frame's payload into fragments of <paramref name="size"/> bytes (a multiple of 8).</summary>
    private static List<byte[]> Fragment(byte[] frame, int size)
    {
        var ip = frame[14..];
        int hl = (ip[0] & 0xF) * 4;
        var payload = ip[hl..];
        var list = new List<byte[]>();
        for (int off = 0; off < payload.Length; off += size)
        {
            int n = Math.Min(size, payload.Length - off);
            var h = ip[..hl].ToArray();
            int total = hl + n;
            h[2] = (byte)(total >> 8); h[3] = (byte)total;
            int field = off / 8 | (off + n < payload.Length ? 0x2000 : 0);
            h[6] = (byte)(field >> 8); h[7] = (byte)field;
            h[10] = 0; h[11] = 0;
            ushort sum = FrameBuilder.Checksum(0, h);
            h[10] = (byte)(sum >> 8); h[11] = (byte)sum;
            list.Add([.. frame[..14], .. h, .. payload.AsSpan(off, n).ToArray()]);
        }
        return list;
    }

    private static byte[] BigUdp() => FrameBuilder.Create().DontFragment(false).IpId(77).Udp(1000, 2000, Enumerable.Range(0, 3000).Select(i => (byte)i).ToArray());

    [Fact]
    public void Out_of_order_fragments_complete_the_datagram_on_the_last_to_arrive()
    {
        var parts = Fragment(BigUdp(), 1480);
        Assert.Equal(3, parts.Count);
        var decoder = new PacketDecoder();
        var p = new DecodedPacket();
        var order = new[] { 2, 0, 1 };
        for (int i = 0; i < order.Length; i++)
        {
            decoder.Decode(LinkType.Ethernet, parts[order[i]], (uint)parts[order[i]].Length, i, ref p);
            if (i < 2) Assert.True(p.Has(PacketLayers.IpFragment));
        }
        Assert.True(p.Has(PacketLayers.Reassembled));
        Assert.True(p.IsUdp);
        Assert.Equal(3000, p.PayloadLength);
        Assert.Equal(ChecksumStatus.Good, p.TransportChecksum);
        Assert.Equal(1480, p.FragmentOffset);
    }

    [Fact]
    public void A_flood_of_fragments_stays_within_the_limits()
    {
        var decoder = new PacketDecoder();
        var p = new DecodedPacket();
        var first = Fragment(BigUdp(), 1480)[0];
        for (int i = 0; i < 5000; i++)
        {
            first[14 + 4] = (byte)(i >> 8); first[14 + 5] = (byte)i;   // a new IP ID each time: a new datagram
            decoder.Decode(LinkType.Ethernet, first, (uint)first.Length, i, ref p);
            Assert.True(decoder.Reassembler.PendingCount <= IpReassembler.MaxPendingDatagrams);
        }
        Assert.True(decoder.Reassembler.Evicted >= 5000 - IpReassembler.MaxPendingDatagrams);
    }

    [Fact]
    public void Incomplete_datagrams_time_out()
    {
        var decoder = new PacketDecoder();
        var p = new DecodedPacket();
        var parts = Fragment(BigUdp(), 1480);
        decoder.Decode(LinkType.Ethernet, parts[0], (uint)parts[0].Length, 0, ref p);
        decoder.Decode(LinkType.Ethernet, parts[1], (uint)parts[1].Length, IpReassembler.TimeoutNs + 1, ref p);
        Assert.Equal(1, decoder.Reassembler.Evicted);
        decoder.Decode(LinkType.Ethernet, parts[2], (uint)parts[2].Length, IpReassembler.TimeoutNs + 2, ref p);
        Assert.False(p.Has(PacketLayers.Reassembled));
    }

    [Fact]
    public void Overlapping_fragments_keep_the_first_bytes_and_say_so()
    {
        var parts = Fragment(BigUdp(), 1480);
        var decoder = new PacketDecoder();
        var p = new DecodedPacket();
        decoder.Decode(LinkType.Ethernet, parts[0], (uint)parts[0].Length, 0, ref p);
        var liar = (byte[])parts[0].Clone();
        liar[^1] ^= 0xFF;
        decoder.Decode(LinkType.Ethernet, liar, (uint)liar.Length, 1, ref p);
        decoder.Decode(LinkType.Ethernet, parts[1], (uint)parts[1].Length, 2, ref p);
        decoder.Decode(LinkType.Ethernet, parts[2], (uint)parts[2].Length, 3, ref p);
        Assert.True(p.Has(PacketLayers.Reassembled | PacketLayers.FragmentOverlap));
        Assert.Equal(ChecksumStatus.Good, p.TransportChecksum);
    }
}

public sealed class Ipv6ReassemblyTests
{
    /// <summary>Splits an IPv6 UDP frame into fragments with a Fragment header (RFC 8200 §4.5).</summary>
    private static List<byte[]> Fragment(byte[] frame, int size, uint id)
    {
        var ip = frame[14..];
        var fixedHeader = ip[..40];
        byte next = fixedHeader[6];
        var payload = ip[40..];
        var list = new List<byte[]>();
        for (int off = 0; off < payload.Length; off += size)
        {
            int n = Math.Min(size, payload.Length - off);
            var h = (byte[])fixedHeader.Clone();
            h[6] = 44;
            int plen = 8 + n;
            h[4] = (byte)(plen >> 8); h[5] = (byte)plen;
            ushort field = (ushort)(off | (off + n < payload.Length ? 1 : 0));
            byte[] frag = [next, 0, (byte)(field >> 8), (byte)field, (byte)(id >> 24), (byte)(id >> 16), (byte)(id >> 8), (byte)id];
            list.Add([.. frame[..14], .. h, .. frag, .. payload.AsSpan(off, n).ToArray()]);
        }
        return list;
    }

    [Fact]
    public void Ipv6_fragments_reassemble_and_the_udp_checksum_verifies()
    {
        var frame = FrameBuilder.Create().Addresses("2001:db8::1", "2001:db8::2").Udp(1000, 2000, new byte[3000]);
        var parts = Fragment(frame, 1232, 0xABCDEF01);
        var decoder = new PacketDecoder();
        var p = new DecodedPacket();
        foreach (var part in parts) decoder.Decode(LinkType.Ethernet, part, (uint)part.Length, 0, ref p);
        Assert.True(p.Has(PacketLayers.Reassembled));
        Assert.True(p.IsUdp);
        Assert.Equal(3000, p.PayloadLength);
        Assert.Equal(0xABCDEF01u, p.IpId);
        Assert.Equal(44, p.Ipv6NextHeader);
        Assert.Equal(ChecksumStatus.Good, p.TransportChecksum);
    }

    [Fact]
    public void An_atomic_fragment_is_decoded_at_once()
    {
        var frame = FrameBuilder.Create().Addresses("2001:db8::1", "2001:db8::2").Udp(1000, 2000, new byte[40]);
        var atomic = Fragment(frame, 4096, 7).Single();
        var p = Decode.One(atomic);
        Assert.True(p.IsUdp);
        Assert.False(p.Has(PacketLayers.IpFragment));
        Assert.Equal(ChecksumStatus.Good, p.TransportChecksum);
    }
}
