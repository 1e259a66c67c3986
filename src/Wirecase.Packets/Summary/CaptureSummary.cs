using Wirecase.Capture;

namespace Wirecase.Packets.Summary;

/// <summary>What one pass over a capture file found: counts, sizes, time span and decode results (capinfos and more).</summary>
public sealed class CaptureSummary
{
    /// <summary>Distinct senders of bad checksums tracked (enough to tell one offloading host from corruption).</summary>
    public const int MaxChecksumSenders = 256;

    public required string File { get; init; }
    /// <summary>Numbered records, as Wireshark counts frames (custom blocks included).</summary>
    public long Frames { get; set; }
    /// <summary>Records that are packets.</summary>
    public long Packets { get; set; }
    /// <summary>Sum of original (on-the-wire) lengths of the packets, as capinfos' "data size".</summary>
    public long Bytes { get; set; }
    /// <summary>Sum of captured lengths.</summary>
    public long CapturedBytes { get; set; }
    public long? FirstTimestampNs { get; set; }
    public long? LastTimestampNs { get; set; }
    public long? MinTimestampNs { get; set; }
    public long? MaxTimestampNs { get; set; }
    public bool StrictTimeOrder { get; set; } = true;
    public long TruncatedFrames { get; set; }
    public uint LargestFrame { get; set; }
    public uint SmallestFrame { get; set; } = uint.MaxValue;
    public Dictionary<LinkType, long> FramesByLinkType { get; } = [];

    // Decode results
    public long Ipv4 { get; set; }
    public long Ipv6 { get; set; }
    public long Tcp { get; set; }
    public long Udp { get; set; }
    public long Icmp { get; set; }
    public long Icmpv6 { get; set; }
    public long Arp { get; set; }
    public long Vlan { get; set; }
    public long Fragments { get; set; }
    public long Reassembled { get; set; }
    public long Malformed { get; set; }
    public long DecodeTruncated { get; set; }
    public long Unsupported { get; set; }
    public long OtherNetwork { get; set; }
    public long BadIpChecksums { get; set; }
    public long BadTransportChecksums { get; set; }
    public long TsoZeroLength { get; set; }
    public Dictionary<string, long> Problems { get; } = [];
    /// <summary>Bad IP/TCP/UDP checksums by sending address: all from one host suggests checksum offload on it.</summary>
    public Dictionary<IpAddressValue, long> BadChecksumsBySource { get; } = [];

    public double DurationSeconds => FirstTimestampNs is { } f && MaxTimestampNs is { } l && MinTimestampNs is { } m
        ? (l - m) / 1e9 : 0;
}
