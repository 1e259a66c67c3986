namespace Wirecase.Capture;

/// <summary>
/// One capture interface: a pcap file has one, a pcapng file one per Interface Description Block (in all sections),
/// a Network Monitor file one per media type seen. Mutable only while its reader fills it in.
/// </summary>
public sealed class CaptureInterface
{
    /// <summary>Index over the whole file (pcapng: over all sections), the key frames refer to.</summary>
    public required int Index { get; init; }
    /// <summary>The pcapng section (0-based) that declared it; 0 for other formats.</summary>
    public int Section { get; init; }
    /// <summary>The interface id within its section, as Wireshark shows it in frame.interface_id.</summary>
    public int IdInSection { get; init; }
    public required LinkType LinkType { get; init; }
    /// <summary>Snapshot length; 0 means "not set" (pcapng) or unlimited.</summary>
    public uint SnapLength { get; init; }
    public string? Name { get; set; }
    public string? Description { get; set; }
    public string? OperatingSystem { get; set; }
    public string? Filter { get; set; }
    /// <summary>Timestamp units per second (pcapng if_tsresol; 10^6 by default).</summary>
    public ulong TicksPerSecond { get; set; } = 1_000_000;
    /// <summary>Raw if_tsresol byte (bit 7 set = power of 2), or null when the option was absent.</summary>
    public byte? TimestampResolutionOption { get; set; }
    /// <summary>pcapng if_tsoffset: seconds added to every timestamp of this interface.</summary>
    public long TimestampOffsetSeconds { get; set; }
    /// <summary>FCS length in bytes from if_fcslen, or null.</summary>
    public byte? FcsLength { get; set; }
    public List<string> Comments { get; } = [];
    /// <summary>The last Interface Statistics Block seen for this interface, if any.</summary>
    public InterfaceStatistics? Statistics { get; set; }
    /// <summary>Sum of epb_dropcount options on this interface's packets.</summary>
    public ulong PacketDropCount { get; set; }
}

/// <summary>The counters of a pcapng Interface Statistics Block. Capture drops matter: a capture with drops misses
/// packets that the network carried.</summary>
public sealed record InterfaceStatistics(
    long? TimestampNs,
    ulong? Received,
    ulong? InterfaceDrops,
    ulong? OsDrops,
    ulong? FilterAccepted,
    ulong? DeliveredToUser,
    IReadOnlyList<string> Comments);
