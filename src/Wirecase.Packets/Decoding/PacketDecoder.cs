using Wirecase.Capture;
using Wirecase.Packets.Link;

namespace Wirecase.Packets.Decoding;

/// <summary>
/// Decodes frames down to the transport layer: link (Ethernet/802.3 LLC/SNAP, VLAN and QinQ tags, Linux SLL and SLL2,
/// BSD loopback, PPP, raw IP), network (IPv4 with options, IPv6 with extension headers, ARP, fragment reassembly) and
/// transport (TCP with options, UDP, ICMP, ICMPv6 with quoted datagrams), verifying every checksum. Never throws on
/// frame bytes: problems go to <see cref="DecodedPacket.Status"/> and <see cref="DecodedPacket.Problem"/>.
/// One decoder per stream of frames (it holds the reassembly state); not thread-safe.
/// </summary>
public sealed partial class PacketDecoder
{
    /// <summary>More tags than this is not a real frame (QinQ uses two; three is rare but seen).</summary>
    public const int MaxVlanTags = 8;

    private readonly IpReassembler _reassembler = new();
    private readonly bool _verifyChecksums;

    /// <param name="verifyChecksums">False: TCP and UDP checksums are left <see cref="ChecksumStatus.Unverified"/>
    /// (for a reading that never reports them: summing every payload is a good part of decoding's cost).</param>
    public PacketDecoder(bool verifyChecksums = true) => _verifyChecksums = verifyChecksums;

    public IpReassembler Reassembler => _reassembler;

    /// <summary>The bytes that the transport offsets of <paramref name="packet"/> index into.</summary>
    public ReadOnlySpan<byte> TransportBytes(ReadOnlySpan<byte> frame, in DecodedPacket packet) =>
        packet.Has(PacketLayers.Reassembled) ? _reassembler.Result : frame;

    /// <summary>The transport payload bytes present in the capture (TCP/UDP data, ICMP body).</summary>
    public ReadOnlySpan<byte> Payload(ReadOnlySpan<byte> frame, in DecodedPacket packet)
    {
        var bytes = TransportBytes(frame, packet);
        if (packet.PayloadCaptured <= 0 || packet.PayloadOffset > bytes.Length) return default;
        return bytes.Slice(packet.PayloadOffset, Math.Min(packet.PayloadCaptured, bytes.Length - packet.PayloadOffset));
    }

    public void Decode(in CaptureFrame frame, ref DecodedPacket packet) =>
        Decode(frame.LinkType, frame.Data, frame.OriginalLength, frame.TimestampNs, ref packet);

    public void Decode(LinkType linkType, ReadOnlySpan<byte> data, uint originalLength, long timestampNs, ref DecodedPacket p)
    {
        p = default;
        // ChecksumStatus.Bad is 0 (Wireshark's value), so a frame without the header must not keep the default.
        p.IpChecksum = ChecksumStatus.Unverified;
        p.TransportChecksum = ChecksumStatus.Unverified;
        p.LinkType = linkType;
        p.OriginalLength = originalLength;
        p.CapturedLength = data.Length;
        // A record claiming fewer bytes on the wire than it holds is damaged; the bytes held are what counts then.
        var ctx = new Context(Math.Max(originalLength, (uint)data.Length), timestampNs);
        switch (linkType)
        {
            case LinkType.Ethernet: DecodeEthernet(data, 0, ref p, ctx); break;
            case LinkType.Null: DecodeLoopback(data, false, ref p, ctx); break;
            case LinkType.Loop: DecodeLoopback(data, true, ref p, ctx); break;
            case LinkType.Raw or LinkType.RawOpenBsd or LinkType.RawOld14: DecodeRawIp(data, 0, ref p, ctx); break;
            // LINKTYPE_IPV4/IPV6 promise a version, but the version nibble decides (as Wireshark does).
            case LinkType.Ipv4 or LinkType.Ipv6: DecodeRawIp(data, 0, ref p, ctx); break;
            case LinkType.LinuxSll: DecodeSll(data, ref p, ctx); break;
            case LinkType.LinuxSll2: DecodeSll2(data, ref p, ctx); break;
            case LinkType.Ppp: DecodePpp(data, ref p, ctx); break;
            case LinkType.NfLog: DecodeNfLog(data, ref p, ctx); break;
            default: Fail(ref p, DecodeStatus.Unsupported, PacketProblem.LinkUnsupported); break;
        }
    }

    /// <summary>Per-frame facts the layers need.</summary>
    private readonly record struct Context(uint OriginalLength, long TimestampNs)
    {
        /// <summary>Bytes of the frame on the wire from <paramref name="offset"/> on (the "reported" length).</summary>
        public int WireLengthFrom(int offset) => (int)Math.Max(0, Math.Min(int.MaxValue, (long)OriginalLength - offset));
    }

    private static void Fail(ref DecodedPacket p, DecodeStatus status, PacketProblem problem)
    {
        if (p.Status == DecodeStatus.Ok || status == DecodeStatus.Malformed) p.Status = status;
        if (p.Problem == PacketProblem.None) p.Problem = problem;
    }

    private void DecodeEthernet(ReadOnlySpan<byte> data, int offset, ref DecodedPacket p, in Context ctx)
    {
        if (EthernetHeader.TryRead(data[offset..], out var eth) != DecodeStatus.Ok)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
            return;
        }
        p.Layers |= PacketLayers.Ethernet;
        p.EthernetDestination = eth.Destination;
        p.EthernetSource = eth.Source;
        offset += EthernetHeader.Length;
        ushort type = eth.TypeOrLength;
        if (eth.IsIeee8023)
        {
            DecodeLlc(data, offset, ref p, ctx);
            return;
        }
        DecodeEtherType(type, data, offset, ref p, ctx);
    }

    private void DecodeLlc(ReadOnlySpan<byte> data, int offset, ref DecodedPacket p, in Context ctx)
    {
        if (LlcHeader.TryRead(data[offset..], out var llc) != DecodeStatus.Ok)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
            return;
        }
        p.Layers |= PacketLayers.Llc;
        if (llc.IsSnap) DecodeEtherType(llc.SnapEtherType, data, offset + llc.HeaderLength, ref p, ctx);
    }

    private void DecodeEtherType(ushort type, ReadOnlySpan<byte> data, int offset, ref DecodedPacket p, in Context ctx)
    {
        int tags = 0;
        while (EtherTypes.IsVlanTag(type) || type == EtherTypes.VnTag)
        {
            if (type == EtherTypes.VnTag)
            {
                if (data.Length < offset + 6)
                {
                    Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
                    return;
                }
                type = (ushort)(data[offset + 4] << 8 | data[offset + 5]);
                offset += 6;
                if (++tags > MaxVlanTags) break;
                continue;
            }
            if (++tags > MaxVlanTags)
            {
                Fail(ref p, DecodeStatus.Malformed, PacketProblem.VlanTooManyTags);
                return;
            }
            if (VlanTag.TryRead(data[offset..], out var tag) != DecodeStatus.Ok)
            {
                Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
                return;
            }
            p.Layers |= PacketLayers.Vlan;
            if (p.VlanCount == 0)
            {
                p.OuterVlanId = tag.Id;
                p.OuterVlanTpid = type;
            }
            else if (p.VlanCount == 1)
            {
                p.InnerVlanId = tag.Id;
            }
            if (type != EtherTypes.QinQ && !p.HasCustomerVlan)
            {
                p.HasCustomerVlan = true;
                p.CustomerVlanId = tag.Id;
            }
            p.VlanCount++;
            type = tag.EtherType;
            offset += VlanTag.Length;
        }
        p.EtherType = type;
        switch (type)
        {
            case EtherTypes.Ipv4: DecodeIpv4(data, offset, ref p, ctx); break;
            case EtherTypes.Ipv6: DecodeIpv6(data, offset, ref p, ctx); break;
            case EtherTypes.Arp: DecodeArp(data, offset, ref p); break;
            case EtherTypes.MplsUnicast or EtherTypes.MplsMulticast: DecodeMpls(data, offset, ref p, ctx); break;
            case EtherTypes.PppoeSession: DecodePppoeSession(data, offset, ref p, ctx); break;
            case <= EtherTypes.MaxLength: DecodeLlc(data, offset, ref p, ctx); break;
        }
    }

    /// <summary>More labels than this is not a real label stack.</summary>
    public const int MaxMplsLabels = 16;

    /// <summary>MPLS label stack (RFC 3032): 4-byte entries until the bottom-of-stack bit; the payload's IP version
    /// is read from its first nibble (no explicit type in MPLS).</summary>
    private void DecodeMpls(ReadOnlySpan<byte> data, int offset, ref DecodedPacket p, in Context ctx)
    {
        p.Layers |= PacketLayers.Mpls;
        for (int i = 0; i < MaxMplsLabels; i++)
        {
            if (data.Length < offset + 4)
            {
                Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
                return;
            }
            bool bottom = (data[offset + 2] & 1) != 0;
            offset += 4;
            if (bottom)
            {
                if (data.Length > offset && data[offset] >> 4 is 4 or 6) DecodeRawIp(data, offset, ref p, ctx);
                return;
            }
        }
        Fail(ref p, DecodeStatus.Malformed, PacketProblem.MplsTooManyLabels);
    }

    /// <summary>PPPoE session stage (RFC 2516): 6-byte header, then a 2-byte PPP protocol number.</summary>
    private void DecodePppoeSession(ReadOnlySpan<byte> data, int offset, ref DecodedPacket p, in Context ctx)
    {
        const ushort pppIpv4 = 0x0021, pppIpv6 = 0x0057;
        if (data.Length < offset + 8)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
            return;
        }
        p.Layers |= PacketLayers.Ppp;
        ushort protocol = (ushort)(data[offset + 6] << 8 | data[offset + 7]);
        if (protocol == pppIpv4) DecodeIpv4(data, offset + 8, ref p, ctx);
        else if (protocol == pppIpv6) DecodeIpv6(data, offset + 8, ref p, ctx);
    }

    private void DecodeLoopback(ReadOnlySpan<byte> data, bool networkOrder, ref DecodedPacket p, in Context ctx)
    {
        if (NullHeader.TryRead(data, networkOrder, out var h) != DecodeStatus.Ok)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
            return;
        }
        p.Layers |= PacketLayers.Loopback;
        if (h.IsIpv4) DecodeIpv4(data, NullHeader.Length, ref p, ctx);
        else if (h.IsIpv6) DecodeIpv6(data, NullHeader.Length, ref p, ctx);
        else if (h.TrailingEtherType is EtherTypes.Ipv4 or EtherTypes.Ipv6)
            DecodeEtherType(h.TrailingEtherType, data, NullHeader.Length, ref p, ctx);
    }

    private void DecodeRawIp(ReadOnlySpan<byte> data, int offset, ref DecodedPacket p, in Context ctx)
    {
        if (data.Length <= offset)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
            return;
        }
        switch (data[offset] >> 4)
        {
            case 4: DecodeIpv4(data, offset, ref p, ctx); break;
            case 6: DecodeIpv6(data, offset, ref p, ctx); break;
            default: Fail(ref p, DecodeStatus.Malformed, PacketProblem.Ipv4BadVersion); break;
        }
    }

    /// <summary>Linux SLL protocol values that are not EtherTypes (linux/if_ether.h).</summary>
    private static class LinuxProtocol
    {
        public const ushort Ieee8023 = 0x0001, Ieee8022Llc = 0x0004;
    }

    private void DecodeSll(ReadOnlySpan<byte> data, ref DecodedPacket p, in Context ctx)
    {
        if (LinuxSllHeader.TryRead(data, out var h) != DecodeStatus.Ok)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
            return;
        }
        p.Layers |= PacketLayers.LinuxSll;
        DecodeLinuxProtocol(h.Protocol, data, LinuxSllHeader.Length, ref p, ctx);
    }

    private void DecodeSll2(ReadOnlySpan<byte> data, ref DecodedPacket p, in Context ctx)
    {
        if (LinuxSll2Header.TryRead(data, out var h) != DecodeStatus.Ok)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
            return;
        }
        p.Layers |= PacketLayers.LinuxSll2;
        DecodeLinuxProtocol(h.Protocol, data, LinuxSll2Header.Length, ref p, ctx);
    }

    private void DecodeLinuxProtocol(ushort protocol, ReadOnlySpan<byte> data, int offset, ref DecodedPacket p, in Context ctx)
    {
        if (protocol == LinuxProtocol.Ieee8022Llc) DecodeLlc(data, offset, ref p, ctx);
        else if (protocol >= EtherTypes.MinType) DecodeEtherType(protocol, data, offset, ref p, ctx);
        else p.EtherType = protocol;
    }

    /// <summary>PPP in HDLC-like framing (RFC 1662): optional FF 03, then a 1- or 2-byte protocol number.</summary>
    private void DecodePpp(ReadOnlySpan<byte> data, ref DecodedPacket p, in Context ctx)
    {
        const ushort pppIpv4 = 0x0021, pppIpv6 = 0x0057;
        int offset = data.Length >= 2 && data[0] == 0xFF && data[1] == 0x03 ? 2 : 0;
        if (data.Length < offset + 1)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
            return;
        }
        ushort protocol;
        if ((data[offset] & 1) != 0) protocol = data[offset++];   // compressed protocol field (RFC 1661 §6.5)
        else if (data.Length >= offset + 2)
        {
            protocol = (ushort)(data[offset] << 8 | data[offset + 1]);
            offset += 2;
        }
        else
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
            return;
        }
        p.Layers |= PacketLayers.Ppp;
        if (protocol == pppIpv4) DecodeIpv4(data, offset, ref p, ctx);
        else if (protocol == pppIpv6) DecodeIpv6(data, offset, ref p, ctx);
    }

    /// <summary>
    /// Linux NFLOG (LINKTYPE 239): family (1), version (1), resource id (2), then TLVs whose length and type are in the
    /// capturing host's byte order (length includes the 4-byte TLV header, values padded to 4). Type 9 is the packet.
    /// </summary>
    private void DecodeNfLog(ReadOnlySpan<byte> data, ref DecodedPacket p, in Context ctx)
    {
        const int header = 4, payloadType = 9, maxTlvs = 64;
        if (data.Length < header)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.LinkTruncated);
            return;
        }
        p.Layers |= PacketLayers.NfLog;
        byte family = data[0];
        int offset = header;
        for (int i = 0; i < maxTlvs && offset + 4 <= data.Length; i++)
        {
            int length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(data[offset..]);
            int type = System.Buffers.Binary.BinaryPrimitives.ReadUInt16LittleEndian(data[(offset + 2)..]);
            if (length < 4 || offset + length > data.Length)
            {
                length = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(data[offset..]);
                type = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(data[(offset + 2)..]);
                if (length < 4) break;
            }
            if ((type & 0x7FFF) == payloadType)
            {
                int start = offset + 4;
                var inner = data[start..Math.Min(data.Length, offset + length)];
                var innerCtx = new Context((uint)(inner.Length + start), ctx.TimestampNs);
                if (family == 2) DecodeIpv4(data[..(start + inner.Length)], start, ref p, innerCtx);
                else if (family == 10) DecodeIpv6(data[..(start + inner.Length)], start, ref p, innerCtx);
                return;
            }
            offset += (length + 3) & ~3;
        }
    }

    private static void DecodeArp(ReadOnlySpan<byte> data, int offset, ref DecodedPacket p)
    {
        if (ArpPacket.TryRead(data[offset..], out var arp) != DecodeStatus.Ok)
        {
            Fail(ref p, DecodeStatus.Truncated, PacketProblem.ArpTruncated);
            return;
        }
        p.Layers |= PacketLayers.Arp;
        p.ArpOperation = arp.Operation;
        if (arp.ProtocolSize == 4 && arp.ProtocolType == EtherTypes.Ipv4)
        {
            p.ArpSender = IpAddressValue.V4(arp.SenderProtocolAddress);
            p.ArpTarget = IpAddressValue.V4(arp.TargetProtocolAddress);
        }
    }
}
