namespace Wirecase.Capture;

/// <summary>
/// Reads one capture file as a stream of frames without loading it into memory. Usage:
/// <c>while (reader.MoveNext()) { var frame = reader.Current; … }</c>, then look at <see cref="Damage"/>.
/// The frame returned by <see cref="Current"/> borrows the reader's buffer and is valid until the next
/// <see cref="MoveNext"/>. Damage found after the header stops the reader and is reported, not thrown.
/// </summary>
public abstract class CaptureReader : IDisposable
{
    /// <summary>Non-fatal anomalies kept per file (the rest are counted).</summary>
    public const int MaxWarnings = 20;

    private readonly List<CaptureInterface> _interfaces = [];
    private readonly List<string> _warnings = [];

    private protected CaptureReader(CaptureSource source) => Source = source;

    internal CaptureSource Source { get; }

    /// <summary>The name given by the user ("-" for stdin).</summary>
    public string FileName => Source.Name;
    public abstract CaptureFormat Format { get; }
    public CaptureCompression Compression => Source.Compression;
    /// <summary>Format version as the file states it ("2.4", "1.0", "2.3").</summary>
    public string FormatVersion { get; protected set; } = "";
    /// <summary>Byte order of the file (of the first section for pcapng).</summary>
    public bool IsBigEndian { get; protected set; }
    /// <summary>Timestamp precision the format declares, in decimal digits (6 = µs, 9 = ns).</summary>
    public int TimestampPrecisionDigits { get; protected set; } = 6;
    /// <summary>Snapshot length from the file header (pcap); 0 when the format has none per file.</summary>
    public uint SnapLength { get; protected set; }
    public IReadOnlyList<CaptureInterface> Interfaces => _interfaces;
    /// <summary>File-level comments (pcapng section opt_comment).</summary>
    public List<string> Comments { get; } = [];
    /// <summary>shb_hardware, shb_os, shb_userappl of the first section that names them.</summary>
    public string? Hardware { get; protected set; }
    public string? OperatingSystem { get; protected set; }
    public string? Application { get; protected set; }
    public int SectionCount { get; protected set; } = 1;
    /// <summary>Name resolution entries (pcapng NRB), capped at <see cref="MaxNameEntries"/>.</summary>
    public List<NameResolutionEntry> NameResolution { get; } = [];
    public const int MaxNameEntries = 100_000;
    /// <summary>Non-fatal anomalies (a block's options running past its end, ignored). At most <see cref="MaxWarnings"/>.</summary>
    public IReadOnlyList<string> Warnings => _warnings;
    public int WarningCount { get; private set; }
    /// <summary>Counts of pcapng blocks by kind ("EPB", "ISB", "0x00000BAD"…); empty for other formats.</summary>
    public virtual IReadOnlyDictionary<string, int> BlockCounts { get; } = new Dictionary<string, int>();
    /// <summary>Set when reading stopped before the end of the file because of damage.</summary>
    public CaptureDamage? Damage { get; protected set; }
    /// <summary>Records read so far, packets and non-packet frames.</summary>
    public long FramesRead { get; private set; }
    /// <summary>Size of the file on disk, when known (not for stdin).</summary>
    public long? FileSize => Source.FileSize;
    /// <summary>Bytes read from disk so far (compressed size for compressed files), for progress.</summary>
    public long BytesReadFromDisk => Source.BytesReadFromDisk;

    // The current record; subclasses set these in MoveNext through SetCurrent.
    private FrameKind _kind;
    private bool _hasTimestamp;
    private long _timestampNs;
    private CaptureInterface? _interface;
    private uint _originalLength;
    private byte[] _buffer = [];
    private int _dataStart;
    private int _dataLength;
    private string? _comment;
    private long _fileOffset;

    /// <summary>The current frame; valid until the next <see cref="MoveNext"/>.</summary>
    public CaptureFrame Current => new(FramesRead, _kind, _hasTimestamp, _timestampNs, _interface, _originalLength,
        new ReadOnlySpan<byte>(_buffer, _dataStart, _dataLength), _comment, _fileOffset);

    /// <summary>Timestamp of the current frame, or of the last one that had a timestamp.</summary>
    public long CurrentTimestampNs => _timestampNs;

    /// <summary>Advances to the next frame. False at the end of the file or when damage stops reading.</summary>
    public abstract bool MoveNext();

    protected void SetCurrent(FrameKind kind, bool hasTimestamp, long timestampNs, CaptureInterface? iface,
        uint originalLength, byte[] buffer, int dataStart, int dataLength, string? comment, long fileOffset)
    {
        FramesRead++;
        _kind = kind;
        _hasTimestamp = hasTimestamp;
        if (hasTimestamp) _timestampNs = timestampNs;
        _interface = iface;
        _originalLength = originalLength;
        _buffer = buffer;
        _dataStart = dataStart;
        _dataLength = dataLength;
        _comment = comment;
        _fileOffset = fileOffset;
    }

    protected CaptureInterface AddInterface(LinkType linkType, uint snapLength, int section = 0, int idInSection = 0)
    {
        var iface = new CaptureInterface
        {
            Index = _interfaces.Count, LinkType = linkType, SnapLength = snapLength, Section = section,
            IdInSection = idInSection,
        };
        _interfaces.Add(iface);
        return iface;
    }

    protected void Warn(long offset, string problem)
    {
        WarningCount++;
        if (_warnings.Count < MaxWarnings) _warnings.Add($"at byte {offset}: {problem}");
    }

    /// <summary>Stops reading: the damage is recorded and MoveNext returns false from now on.</summary>
    protected bool Stop(long offset, string problem)
    {
        Damage ??= new CaptureDamage(FileName, offset, problem);
        return false;
    }

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (disposing) Source.Dispose();
    }
}

/// <summary>One name from a pcapng Name Resolution Block: an IPv4 (4 bytes) or IPv6 (16 bytes) address and a name.</summary>
public sealed record NameResolutionEntry(byte[] Address, string Name);
