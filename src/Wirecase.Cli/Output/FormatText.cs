using Wirecase.Capture;

namespace Wirecase.Cli.Output;

/// <summary>Names of formats and compressions for people and for JSON.</summary>
internal static class FormatText
{
    /// <summary>Stable machine name: "pcap", "pcap-nsec", "pcap-modified", "pcapng", "netmon2".</summary>
    public static string Id(CaptureFormat f) => f switch
    {
        CaptureFormat.Pcap => "pcap",
        CaptureFormat.PcapNanosecond => "pcap-nsec",
        CaptureFormat.PcapModified => "pcap-modified",
        CaptureFormat.Pcapng => "pcapng",
        CaptureFormat.NetMon2 => "netmon2",
        _ => f.ToString().ToLowerInvariant(),
    };

    public static string Describe(CaptureReader r)
    {
        string name = r.Format switch
        {
            CaptureFormat.Pcap or CaptureFormat.PcapNanosecond => "pcap (libpcap)",
            CaptureFormat.PcapModified => "pcap (Kuznetzov's modified libpcap)",
            CaptureFormat.Pcapng => "pcapng",
            CaptureFormat.NetMon2 => "Microsoft Network Monitor 2.x",
            _ => r.Format.ToString(),
        };
        string order = r.Format == CaptureFormat.NetMon2 ? "" : r.IsBigEndian ? ", big-endian" : ", little-endian";
        string compression = r.Compression == CaptureCompression.None ? "" : $", {r.Compression.ToString().ToLowerInvariant()}-compressed";
        string precision = r.Format switch
        {
            CaptureFormat.PcapNanosecond => ", nanosecond timestamps",
            CaptureFormat.Pcap or CaptureFormat.PcapModified => ", microsecond timestamps",
            _ => "",
        };
        return $"{name} version {r.FormatVersion}{order}{precision}{compression}";
    }

    public static string LinkType(LinkType t) =>
        $"{LinkTypeNames.Description(t)} ({LinkTypeNames.ShortName(t)}, {(uint)t})";
}
