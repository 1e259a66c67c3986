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
