using Wirecase.Packets.Network;
using Wirecase.Packets.Transport;

namespace Wirecase.Packets.Decoding;

public sealed partial class PacketDecoder
{
    /// <summary>Decodes the transport header at <paramref name="offset"/>; <paramref name="length"/> comes from the IP
    /// header (transport header + payload), the captured bytes may be fewer.</summary>
    private void DecodeTransport(byte protocol, ReadOnlySpan<byte> bytes, int offset, int length, ref DecodedPacket p)
    {
        p.TransportOffset = offset;
        p.TransportLength = length;
        int available = Math.Max(0, Math.Min(length, bytes.Length - offset));
        var segment = bytes.Slice(Math.Min(offset, bytes.Length), available);
        switch (protocol)
        {
            case IpProtocols.Tcp: DecodeTcp(segment, length, _verifyChecksums, ref p); break;
            case IpProtocols.Udp: DecodeUdp(segment, length, _verifyChecksums, ref p); break;
            case IpProtocols.Icmp when p.Has(PacketLayers.Ipv4): DecodeIcmp(segment, length, ref p); break;
            case IpProtocols.Icmpv6 when p.Has(PacketLayers.Ipv6): DecodeIcmpv6(segment, length, ref p); break;
        }
    }

    private static void DecodeTcp(ReadOnlySpan<byte> segment, int length, bool verify, ref DecodedPacket p)
    {
        var status = TcpHeader.TryRead(segment, out var tcp);
        if (status != DecodeStatus.Ok)
        {
            if (TcpHeader.TryReadFixedPart(segment, out tcp) != DecodeStatus.Ok)
            {
                if (segment.Length >= 4)
                {
                    p.Layers |= PacketLayers.Tcp;
                    p.SourcePort = (ushort)(segment[0] << 8 | segment[1]);
                    p.DestinationPort = (ushort)(segment[2] << 8 | segment[3]);
                }
                Fail(ref p, DecodeStatus.Truncated, PacketProblem.TcpTruncated);
                return;
            }
            Fail(ref p, status, status == DecodeStatus.Truncated ? PacketProblem.TcpTruncated : PacketProblem.TcpBadHeaderLength);
        }
        p.Layers |= PacketLayers.Tcp;
        p.TransportHeaderComplete = status != DecodeStatus.Malformed;
        p.SourcePort = tcp.SourcePort;
        p.DestinationPort = tcp.DestinationPort;
        p.Sequence = tcp.Sequence;
        p.Acknowledgment = tcp.Acknowledgment;
        p.TcpFlags = tcp.Flags;
        p.TcpRawFlags = tcp.RawFlags;
        p.Window = tcp.Window;
        p.UrgentPointer = tcp.UrgentPointer;
        p.TcpHeaderLength = tcp.DataOffset;
        p.TransportChecksum = ChecksumStatus.Unverified;
        if (status == DecodeStatus.Malformed) return;
        if (status == DecodeStatus.Ok)
        {
            TcpOptionsSummary.Read(tcp.Options, ref p.TcpOptions);
            if (p.TcpOptions.Malformed) Fail(ref p, DecodeStatus.Malformed, PacketProblem.TcpOptionMalformed);
        }
        if (tcp.DataOffset > length)
        {
            Fail(ref p, DecodeStatus.Malformed, PacketProblem.TcpBadHeaderLength);
            return;
        }
        p.PayloadOffset = p.TransportOffset + tcp.DataOffset;
        p.PayloadLength = length - tcp.DataOffset;
        p.PayloadCaptured = Math.Max(0, segment.Length - tcp.DataOffset);
        if (verify && segment.Length == length)
            p.TransportChecksum = VerifyWithPseudoHeader(segment, IpProtocols.Tcp, ref p);
    }

    private static void DecodeUdp(ReadOnlySpan<byte> segment, int length, bool verify, ref DecodedPacket p)
    {
        if (UdpHeader.TryRead(segment, out var udp) != DecodeStatus.Ok)
        {
            if (segment.Length >= 4)
            {
                p.Layers |= PacketLayers.Udp;
                p.SourcePort = (ushort)(segment[0] << 8 | segment[1]);
                p.DestinationPort = (ushort)(segment[2] << 8 | segment[3]);
            }
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.UdpTruncated);
            return;
        }
        p.Layers |= PacketLayers.Udp;
        p.TransportHeaderComplete = true;
        p.SourcePort = udp.SourcePort;
        p.DestinationPort = udp.DestinationPort;
        p.UdpLength = udp.DatagramLength;
        p.TransportChecksum = ChecksumStatus.Unverified;
        int udpLength = udp.DatagramLength;
        if (udpLength == 0 && p.Has(PacketLayers.Ipv6)) udpLength = length;   // jumbogram (RFC 2675)
        bool badLength = udpLength < UdpHeader.Length || udpLength > length;
        if (badLength)
        {
            Fail(ref p, DecodeStatus.Malformed, PacketProblem.UdpBadLength);
            udpLength = length;
        }
        p.PayloadOffset = p.TransportOffset + UdpHeader.Length;
        p.PayloadLength = udpLength - UdpHeader.Length;
        p.PayloadCaptured = Math.Max(0, Math.Min(segment.Length, udpLength) - UdpHeader.Length);
        if (udp.Checksum == 0 && p.Has(PacketLayers.Ipv4)) p.TransportChecksum = ChecksumStatus.NotPresent;
        else if (verify && !badLength && segment.Length >= udpLength)
            p.TransportChecksum = VerifyWithPseudoHeader(segment[..udpLength], IpProtocols.Udp, ref p);
    }

    private static void DecodeIcmp(ReadOnlySpan<byte> message, int length, ref DecodedPacket p)
    {
        if (!DecodeIcmpHeader(message, length, PacketLayers.Icmp, ref p, out var icmp)) return;
        if (icmp.Type == IcmpTypes.DestinationUnreachable && icmp.Code == IcmpTypes.CodeFragmentationNeeded)
            p.IcmpMtu = icmp.NextHopMtu;
        p.TransportChecksum = message.Length == length
            ? InternetChecksum.Compute(message) == 0 ? ChecksumStatus.Good : ChecksumStatus.Bad
            : ChecksumStatus.Unverified;
        if (IcmpTypes.QuotesDatagram(icmp.Type) && message.Length > IcmpHeader.Length)
            DecodeQuote(message[IcmpHeader.Length..], ref p);
    }

    private static void DecodeIcmpv6(ReadOnlySpan<byte> message, int length, ref DecodedPacket p)
    {
        if (!DecodeIcmpHeader(message, length, PacketLayers.Icmpv6, ref p, out var icmp)) return;
        if (icmp.Type == IcmpTypes.V6PacketTooBig) p.IcmpMtu = icmp.Mtu32;
        p.TransportChecksum = message.Length == length
            ? VerifyWithPseudoHeader(message, IpProtocols.Icmpv6, ref p)
            : ChecksumStatus.Unverified;
        if (IcmpTypes.V6QuotesPacket(icmp.Type) && message.Length > IcmpHeader.Length)
            DecodeQuote(message[IcmpHeader.Length..], ref p);
    }

    /// <summary>The part ICMP and ICMPv6 share (RFC 792, RFC 4443 §2.1): type, code, echo id/sequence, the body.</summary>
    private static bool DecodeIcmpHeader(ReadOnlySpan<byte> message, int length, PacketLayers layer, ref DecodedPacket p,
        out IcmpHeader icmp)
    {
        if (IcmpHeader.TryRead(message, out icmp) != DecodeStatus.Ok)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.IcmpTruncated);
            return false;
        }
        p.Layers |= layer;
        p.IcmpType = icmp.Type;
        p.IcmpCode = icmp.Code;
        p.IcmpIdentifier = icmp.Identifier;
        p.IcmpSequence = icmp.SequenceNumber;
        p.PayloadOffset = p.TransportOffset + IcmpHeader.Length;
        p.PayloadLength = Math.Max(0, length - IcmpHeader.Length);
        p.PayloadCaptured = Math.Max(0, message.Length - IcmpHeader.Length);
        return true;
    }

    private static ChecksumStatus VerifyWithPseudoHeader(ReadOnlySpan<byte> segment, byte protocol, ref DecodedPacket p)
    {
        ulong sum = InternetChecksum.PseudoHeader(p.Source, p.ChecksumDestination, protocol, (uint)segment.Length);
        return InternetChecksum.Finish(InternetChecksum.Add(sum, segment)) == 0 ? ChecksumStatus.Good : ChecksumStatus.Bad;
    }

    /// <summary>Decodes the IP header and first transport bytes quoted by an ICMP error (RFC 792: header + 8 bytes).</summary>
    private static void DecodeQuote(ReadOnlySpan<byte> quote, ref DecodedPacket p)
    {
        ref var q = ref p.Quoted;
        int transport;
        if (quote.Length > 0 && quote[0] >> 4 == 4 && Ipv4Header.TryRead(quote, out var ip4) == DecodeStatus.Ok)
        {
            q.Source = ip4.Source;
            q.Destination = ip4.Destination;
            q.Protocol = ip4.Protocol;
            q.IpTotalLength = ip4.TotalLength;
            q.IpId = ip4.Identification;
            q.DontFragment = ip4.DontFragment;
            q.Ttl = ip4.Ttl;
            q.TypeOfService = ip4.TypeOfService;
            if (ip4.FragmentOffset != 0) { p.Layers |= PacketLayers.IcmpQuote; return; }
            transport = ip4.HeaderLength;
        }
        else if (quote.Length > 0 && quote[0] >> 4 == 6 && Ipv6Header.TryRead(quote, out var ip6) == DecodeStatus.Ok)
        {
            q.Source = ip6.Source;
            q.Destination = ip6.Destination;
            q.IpTotalLength = (ushort)Math.Min(ushort.MaxValue, Ipv6Header.Length + ip6.PayloadLength);
            var walker = new Ipv6ExtensionWalker(quote[Ipv6Header.Length..], ip6.NextHeader);
            if (walker.Walk() != DecodeStatus.Ok || walker.FragmentOffset != 0) { p.Layers |= PacketLayers.IcmpQuote; return; }
            q.Protocol = walker.NextHeader;
            transport = Ipv6Header.Length + walker.Offset;
        }
        else
        {
            return;
        }
        p.Layers |= PacketLayers.IcmpQuote;
        var t = quote[transport..];
        if (q.Protocol is IpProtocols.Tcp or IpProtocols.Udp or IpProtocols.Sctp && t.Length >= 4)
        {
            q.HasPorts = true;
            q.SourcePort = (ushort)(t[0] << 8 | t[1]);
            q.DestinationPort = (ushort)(t[2] << 8 | t[3]);
        }
        if (q.Protocol == IpProtocols.Tcp && t.Length >= 8)
        {
            q.HasSequence = true;
            q.Sequence = new SeqNumber(System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(t[4..]));
        }
    }
}
