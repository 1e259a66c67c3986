using Wirecase.Packets.Network;

namespace Wirecase.Packets.Decoding;

public sealed partial class PacketDecoder
{
    private void DecodeIpv4(ReadOnlySpan<byte> data, int offset, ref DecodedPacket p, in Context ctx)
    {
        p.NetworkOffset = offset;
        var status = Ipv4Header.TryRead(data[offset..], out var ip);
        if (status != DecodeStatus.Ok)
        {
            bool badVersion = data.Length > offset && data[offset] >> 4 != 4;
            Fail(ref p, status, status == DecodeStatus.Truncated ? PacketProblem.Ipv4Truncated
                : badVersion ? PacketProblem.Ipv4BadVersion : PacketProblem.Ipv4BadHeaderLength);
            return;
        }
        p.Layers |= PacketLayers.Ipv4;
        p.Source = ip.Source;
        p.Destination = ip.Destination;
        p.IpProtocol = ip.Protocol;
        p.Ttl = ip.Ttl;
        p.TypeOfService = ip.TypeOfService;
        p.IpId = ip.Identification;
        p.DontFragment = ip.DontFragment;
        p.MoreFragments = ip.MoreFragments;
        p.FragmentOffset = ip.FragmentOffset;
        p.IpHeaderLength = ip.HeaderLength;
        p.IpTotalLength = ip.TotalLength;
        p.IpChecksum = _verifyChecksums ? ip.VerifyChecksum() : ChecksumStatus.Unverified;
        p.ChecksumDestination = ip.Destination;

        int totalLength = ip.TotalLength;
        if (totalLength == 0)
        {
            // Segmentation offload: the capturing host saw the segment before the NIC split it and wrote length 0.
            p.Layers |= PacketLayers.TsoZeroLength;
            totalLength = ctx.WireLengthFrom(offset);
            p.IpTotalLength = totalLength;
        }
        if (totalLength < ip.HeaderLength)
        {
            Fail(ref p, DecodeStatus.Malformed, PacketProblem.Ipv4TotalLengthBelowHeader);
            return;
        }
        if (totalLength > ctx.WireLengthFrom(offset))
        {
            // The header claims more than the frame carried on the wire: decode what is there, say so.
            Fail(ref p, DecodeStatus.Malformed, PacketProblem.Ipv4TotalLengthBeyondFrame);
            totalLength = ctx.WireLengthFrom(offset);
            if (totalLength < ip.HeaderLength) return;
        }
        int payloadStart = offset + ip.HeaderLength;
        int payloadLength = totalLength - ip.HeaderLength;
        var payload = data.Slice(payloadStart, Math.Min(payloadLength, data.Length - payloadStart));
        if (ip.IsFragment)
        {
            var key = new IpReassembler.FragmentKey(ip.Source, ip.Destination, ip.Identification, ip.Protocol);
            ReassembleAndDecode(key, ip.FragmentOffset, ip.MoreFragments, payload, payloadLength, ctx.TimestampNs, ref p);
            return;
        }
        DecodeTransport(ip.Protocol, data, payloadStart, payloadLength, ref p);
    }

    private void DecodeIpv6(ReadOnlySpan<byte> data, int offset, ref DecodedPacket p, in Context ctx)
    {
        p.NetworkOffset = offset;
        var status = Ipv6Header.TryRead(data[offset..], out var ip);
        if (status != DecodeStatus.Ok)
        {
            Fail(ref p, status, status == DecodeStatus.Truncated ? PacketProblem.Ipv6Truncated : PacketProblem.Ipv6BadVersion);
            return;
        }
        p.Layers |= PacketLayers.Ipv6;
        p.Source = ip.Source;
        p.Destination = ip.Destination;
        p.Ttl = ip.HopLimit;
        p.TypeOfService = ip.TrafficClass;
        p.Ipv6NextHeader = ip.NextHeader;
        p.Ipv6PayloadLength = ip.PayloadLength;
        p.IpTotalLength = Ipv6Header.Length + ip.PayloadLength;
        p.IpChecksum = ChecksumStatus.Unverified;   // IPv6 has no header checksum

        int start = offset + Ipv6Header.Length;
        int payloadLength = ip.PayloadLength;
        if (payloadLength == 0 && ip.NextHeader == IpProtocols.HopByHop)
            payloadLength = ctx.WireLengthFrom(start);   // a jumbogram (RFC 2675) states its length in hop-by-hop options
        if (payloadLength > ctx.WireLengthFrom(start))
        {
            Fail(ref p, DecodeStatus.Malformed, PacketProblem.Ipv6PayloadLengthBeyondFrame);
            payloadLength = ctx.WireLengthFrom(start);
        }
        var afterHeader = data.Slice(start, Math.Min(payloadLength, data.Length - start));
        var walker = new Ipv6ExtensionWalker(afterHeader, ip.NextHeader);
        var walk = walker.Walk();
        if (walk != DecodeStatus.Ok)
        {
            Fail(ref p, walk, walk == DecodeStatus.Truncated ? PacketProblem.Ipv6ExtensionHeaderTruncated
                : PacketProblem.Ipv6TooManyExtensionHeaders);
            return;
        }
        p.IpProtocol = walker.NextHeader;
        p.ChecksumDestination = walker.FinalDestinationOffset >= 0
            ? IpAddressValue.V6(afterHeader.Slice(walker.FinalDestinationOffset, 16))
            : ip.Destination;
        p.IpHeaderLength = Ipv6Header.Length + walker.Offset;
        int upperStart = start + walker.Offset;
        int upperLength = payloadLength - walker.Offset;
        if (walker.HasFragmentHeader)
        {
            p.IpId = walker.FragmentId;
            p.MoreFragments = walker.MoreFragments;
            p.FragmentOffset = walker.FragmentOffset;
            if (walker.FragmentOffset != 0 || walker.MoreFragments)
            {
                var fragment = data.Slice(upperStart, Math.Max(0, Math.Min(upperLength, data.Length - upperStart)));
                var key = new IpReassembler.FragmentKey(ip.Source, ip.Destination, walker.FragmentId, walker.NextHeader);
                // Extension headers inside the reassembled payload (rare) are not walked again.
                ReassembleAndDecode(key, walker.FragmentOffset, walker.MoreFragments, fragment, upperLength, ctx.TimestampNs, ref p);
                return;
            }
        }
        DecodeTransport(walker.NextHeader, data, upperStart, upperLength, ref p);
    }

    /// <summary>Adds a fragment; when it completes the datagram, decodes the transport from the reassembled bytes.</summary>
    private void ReassembleAndDecode(in IpReassembler.FragmentKey key, int offset, bool more, ReadOnlySpan<byte> fragment,
        int length, long timestampNs, ref DecodedPacket p)
    {
        if (!_reassembler.Add(key, offset, more, fragment, length, timestampNs))
        {
            p.Layers |= PacketLayers.IpFragment;
            return;
        }
        p.Layers |= PacketLayers.Reassembled;
        if (_reassembler.ResultOverlapped) p.Layers |= PacketLayers.FragmentOverlap;
        DecodeTransport(key.Protocol, _reassembler.Result, 0, _reassembler.ResultLength, ref p);
    }
}
