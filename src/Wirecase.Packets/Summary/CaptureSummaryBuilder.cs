using Wirecase.Capture;
using Wirecase.Packets.Decoding;

namespace Wirecase.Packets.Summary;

/// <summary>Accumulates a <see cref="CaptureSummary"/> frame by frame; allocation-free per frame except on the first
/// bad checksum of a new sender.</summary>
public sealed class CaptureSummaryBuilder(string file)
{
    private readonly CaptureSummary _summary = new() { File = file };
    private LinkType _lastLinkType;
    private long _lastLinkTypeCount;

    /// <summary>The summary so far (link-type counts flushed).</summary>
    public CaptureSummary Summary
    {
        get
        {
            CountLinkType(_lastLinkType);
            return _summary;
        }
    }

    /// <summary>Runs of one link type are counted in a field and flushed to the dictionary when the type changes.</summary>
    private void CountLinkType(LinkType next)
    {
        if (_lastLinkTypeCount > 0)
            _summary.FramesByLinkType[_lastLinkType] = _summary.FramesByLinkType.GetValueOrDefault(_lastLinkType) + _lastLinkTypeCount;
        _lastLinkType = next;
        _lastLinkTypeCount = 0;
    }

    public void Add(in CaptureFrame frame, in DecodedPacket p)
    {
        var s = _summary;
        s.Frames++;
        if (frame.HasTimestamp)
        {
            long ts = frame.TimestampNs;
            s.FirstTimestampNs ??= ts;
            if (s.LastTimestampNs is { } last && ts < last) s.StrictTimeOrder = false;
            s.LastTimestampNs = ts;
            if (s.MinTimestampNs is not { } min || ts < min) s.MinTimestampNs = ts;
            if (s.MaxTimestampNs is not { } max || ts > max) s.MaxTimestampNs = ts;
        }
        if (frame.Kind != FrameKind.Packet) return;
        s.Packets++;
        s.Bytes += frame.OriginalLength;
        s.CapturedBytes += frame.CapturedLength;
        if (frame.IsTruncated) s.TruncatedFrames++;
        if (frame.OriginalLength > s.LargestFrame) s.LargestFrame = frame.OriginalLength;
        if (frame.OriginalLength < s.SmallestFrame) s.SmallestFrame = frame.OriginalLength;
        if (frame.LinkType != _lastLinkType || _lastLinkTypeCount == 0) CountLinkType(frame.LinkType);
        _lastLinkTypeCount++;
        AddDecode(p);
    }

    private void AddDecode(in DecodedPacket p)
    {
        var s = _summary;
        var l = p.Layers;
        if ((l & PacketLayers.Ipv4) != 0) s.Ipv4++;
        else if ((l & PacketLayers.Ipv6) != 0) s.Ipv6++;
        else if ((l & PacketLayers.Arp) != 0) s.Arp++;
        else if (p.Status == DecodeStatus.Ok) s.OtherNetwork++;
        if ((l & PacketLayers.Tcp) != 0) s.Tcp++;
        else if ((l & PacketLayers.Udp) != 0) s.Udp++;
        else if ((l & PacketLayers.Icmp) != 0) s.Icmp++;
        else if ((l & PacketLayers.Icmpv6) != 0) s.Icmpv6++;
        if ((l & PacketLayers.Vlan) != 0) s.Vlan++;
        if ((l & PacketLayers.IpFragment) != 0) s.Fragments++;
        if ((l & PacketLayers.Reassembled) != 0) s.Reassembled++;
        if ((l & PacketLayers.TsoZeroLength) != 0) s.TsoZeroLength++;
        switch (p.Status)
        {
            case DecodeStatus.Malformed: s.Malformed++; break;
            case DecodeStatus.Truncated: s.DecodeTruncated++; break;
            case DecodeStatus.Unsupported: s.Unsupported++; break;
        }
        if (p.Problem != PacketProblem.None)
        {
            string id = PacketProblemIds.Id(p.Problem);
            s.Problems[id] = s.Problems.GetValueOrDefault(id) + 1;
        }
        bool badIp = p.IpChecksum == ChecksumStatus.Bad && (l & PacketLayers.Ipv4) != 0;
        bool badTransport = p.TransportChecksum == ChecksumStatus.Bad &&
            (l & (PacketLayers.Tcp | PacketLayers.Udp | PacketLayers.Icmp | PacketLayers.Icmpv6)) != 0;
        if (badIp) s.BadIpChecksums++;
        if (badTransport) s.BadTransportChecksums++;
        if ((badIp || badTransport) &&
            (s.BadChecksumsBySource.Count < CaptureSummary.MaxChecksumSenders || s.BadChecksumsBySource.ContainsKey(p.Source)))
            s.BadChecksumsBySource[p.Source] = s.BadChecksumsBySource.GetValueOrDefault(p.Source) + 1;
    }
}
