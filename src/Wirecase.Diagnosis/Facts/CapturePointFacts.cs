using Wirecase.Capture;
using Wirecase.Flows;
using Wirecase.Flows.Tcp;
using Wirecase.Protocols;

namespace Wirecase.Diagnosis.Facts;

/// <summary>Drops a capturing tool counted on one interface: by the interface, and by the OS (buffer full).</summary>
public sealed record CaptureDrop(string File, string? Interface, ulong? Received, ulong? InterfaceDrops, ulong? OsDrops);

/// <summary>
/// Everything the lower stages learned at one capture point, for the rules: one file, or several files that follow
/// each other in time (a ring buffer) read as one timeline. Frames are identified by <see cref="FrameId"/>s; evidence
/// and explanations name them as Wireshark does (the frame number, with the file when several files were read).
/// </summary>
public sealed class CapturePointFacts(FlowTracker tracker, ApplicationLayer application, SegmentEventLog events)
{
    private readonly List<string> _files = [];

    /// <summary>The point's files in time order (names as given, without folders).</summary>
    public IReadOnlyList<string> Files => _files;
    /// <summary>True when the whole run read more than one file, so that frames are named with their file.</summary>
    public bool NameFiles { get; internal set; }
    /// <summary>The point's name in reports: null for a single file read alone, else its file or "first…last".</summary>
    public string? Name => !NameFiles ? null : _files.Count == 1 ? _files[0] : $"{_files[0]}…{_files[^1]}";
    public FlowTracker Tracker { get; } = tracker;
    public ApplicationLayer Application { get; } = application;
    public SegmentEventLog Events { get; } = events;
    public ResetLog Resets { get; } = new();
    public DuplicateFrameDetector Duplicates { get; } = new();
    /// <summary>Packets the capturing tool reported dropping (pcapng interface statistics).</summary>
    public List<CaptureDrop> CaptureDrops { get; } = [];
    public long Frames { get; internal set; }
    /// <summary>Frames cut short by the capture's snap length, and the first of them.</summary>
    public long TruncatedFrames { get; internal set; }
    public long FirstTruncatedFrame { get; internal set; }
    public long FirstNs { get; internal set; } = long.MaxValue;
    public long LastNs { get; internal set; } = long.MinValue;
    public IReadOnlyList<TcpConnection> Connections => Tracker.Tcp.Connections;

    internal void AddFile(string name) => _files.Add(name);

    /// <summary>The file a frame is in, when frames are named with their file.</summary>
    public string? FileOf(long frameId) => NameFiles ? _files[FrameId.FileOrdinal(frameId)] : null;

    /// <summary>"frame 17", or "frame ring_2.pcap#17" when several files were read.</summary>
    public string Frame(long frameId) =>
        FileOf(frameId) is { } file ? $"frame {file}#{FrameId.Number(frameId)}" : $"frame {FrameId.Number(frameId)}";

    public Evidence At(long frameId, string what) => new(FileOf(frameId), FrameId.Number(frameId), what) { Id = frameId };
}
