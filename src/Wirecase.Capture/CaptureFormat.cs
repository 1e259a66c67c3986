namespace Wirecase.Capture;

/// <summary>The container format of a capture file, as detected from its first bytes.</summary>
public enum CaptureFormat : byte
{
    /// <summary>libpcap, microsecond timestamps (magic 0xA1B2C3D4).</summary>
    Pcap,
    /// <summary>libpcap, nanosecond timestamps (magic 0xA1B23C4D).</summary>
    PcapNanosecond,
    /// <summary>Alexey Kuznetzov's "modified" libpcap (magic 0xA1B2CD34): 8 extra bytes per record header.</summary>
    PcapModified,
    /// <summary>pcapng (IETF draft-ietf-opsawg-pcapng).</summary>
    Pcapng,
    /// <summary>Microsoft Network Monitor 2.x (what Network Monitor 3.x writes), magic "GMBU".</summary>
    NetMon2,
}

/// <summary>Compression wrapped around the capture, detected by content.</summary>
public enum CaptureCompression : byte
{
    None,
    Gzip,
    Zstd,
}
