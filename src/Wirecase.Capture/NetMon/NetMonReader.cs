using System.Buffers.Binary;

namespace Wirecase.Capture.NetMon;

/// <summary>
/// Microsoft Network Monitor 2.x files ("GMBU"; Network Monitor 3.x writes version 2.3): a header, the frames, and a
/// frame table of 32-bit offsets that gives their order. Needs random access, so a non-seekable input (stdin, gzip) is
/// first copied to a temporary file. All integers are little-endian.
/// </summary>
internal sealed class NetMonReader : CaptureReader
{
    private const int HeaderLength = 72;
    private const int FrameHeaderLength = 16;   // ts_delta (8, µs since capture start), orig_len (4), incl_len (4)
    /// <summary>Windows FILETIME ticks (100 ns since 1601) at the Unix epoch.</summary>
    private const long FileTimeUnixEpoch = 116_444_736_000_000_000L;

    private static class Field
    {
        public const int VersionMinor = 4, VersionMajor = 5, MediaType = 6, StartTime = 8;
        public const int FrameTableOffset = 24, FrameTableLength = 28;
    }

    private readonly Stream _file;
    private readonly long _length;
    private readonly uint[] _frameTable;
    private readonly int _minor;
    private readonly long _startNs;
    private readonly ushort _headerMedia;
    private readonly Dictionary<ushort, CaptureInterface> _byMedia = [];
    private byte[] _buffer = new byte[64 * 1024];
    private int _next;
    private bool _done;

    public static NetMonReader Open(CaptureSource source, string? tempDirectory)
    {
        if (!source.Content.CanSeek)
        {
            string path = Path.Combine(tempDirectory ?? Path.GetTempPath(), $"wirecase-{Guid.NewGuid():N}.cap");
            var copy = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16,
                FileOptions.DeleteOnClose);
            try
            {
                source.Content.CopyTo(copy);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                copy.Dispose();
                throw new CaptureException(source.Name, null, $"the Network Monitor data cannot be read: {e.Message}");
            }
            copy.Position = 0;
            source.ReplaceContent(copy);
        }
        return new NetMonReader(source);
    }

    private NetMonReader(CaptureSource source) : base(source)
    {
        _file = source.Content;
        _length = _file.Length;
        Span<byte> h = stackalloc byte[HeaderLength];
        _file.Position = 0;
        if (_file.ReadAtLeast(h, HeaderLength, throwOnEndOfStream: false) < HeaderLength)
            throw new CaptureException(FileName, 0, $"the Network Monitor header is cut short ({_length} bytes)");
        int major = h[Field.VersionMajor];
        _minor = h[Field.VersionMinor];
        FormatVersion = $"{major}.{_minor}";
        if (major != 2)
            throw new CaptureException(FileName, Field.VersionMajor, $"Network Monitor version {major}.{_minor} is not supported (2.x only)");
        _headerMedia = BinaryPrimitives.ReadUInt16LittleEndian(h[Field.MediaType..]);
        _startNs = SystemTimeToNs(h[Field.StartTime..]);
        TimestampPrecisionDigits = _minor >= 3 ? 7 : 6;
        uint tableOffset = BinaryPrimitives.ReadUInt32LittleEndian(h[Field.FrameTableOffset..]);
        uint tableLength = BinaryPrimitives.ReadUInt32LittleEndian(h[Field.FrameTableLength..]);
        if (tableLength % 4 != 0 || (long)tableOffset + tableLength > _length)
            throw new CaptureException(FileName, Field.FrameTableOffset,
                $"the frame table ({tableLength} bytes at offset {tableOffset}) lies outside the {_length}-byte file");
        var table = new byte[tableLength];   // bounded by the file's real size, checked above
        _file.Position = tableOffset;
        _file.ReadExactly(table);
        _frameTable = new uint[tableLength / 4];
        for (int i = 0; i < _frameTable.Length; i++)
            _frameTable[i] = BinaryPrimitives.ReadUInt32LittleEndian(table.AsSpan(i * 4));
    }

    public override CaptureFormat Format => CaptureFormat.NetMon2;

    /// <summary>Bytes after each frame's data: media type (2.1+), process info index (2.2+), UTC time and zone (2.3+).</summary>
    private int TrailerLength => _minor switch { >= 3 => 15, 2 => 6, 1 => 2, _ => 0 };

    public override bool MoveNext()
    {
        if (_done || _next >= _frameTable.Length) return false;
        long offset = _frameTable[_next];
        if (offset + FrameHeaderLength > _length)
        {
            _done = true;
            return Stop(offset, $"frame {_next + 1} starts outside the file (the frame table points past the end)");
        }
        Span<byte> fh = stackalloc byte[FrameHeaderLength];
        _file.Position = offset;
        _file.ReadExactly(fh);
        ulong deltaMicroseconds = BinaryPrimitives.ReadUInt64LittleEndian(fh);
        uint original = BinaryPrimitives.ReadUInt32LittleEndian(fh[8..]);
        uint captured = BinaryPrimitives.ReadUInt32LittleEndian(fh[12..]);
        int trailer = TrailerLength;
        if (captured > LinkTypeNames.MaxCapturedLength(LinkType.Ethernet) ||
            offset + FrameHeaderLength + captured + trailer > _length)
        {
            _done = true;
            return Stop(offset, $"frame {_next + 1} claims {captured} bytes, more than the file holds: the file is damaged here");
        }
        int total = (int)captured + trailer;
        if (_buffer.Length < total) _buffer = new byte[Math.Max(total, _buffer.Length * 2)];
        _file.ReadExactly(_buffer, 0, total);
        ushort media = _headerMedia;
        long ts = _startNs + (long)Math.Min(deltaMicroseconds, long.MaxValue / 2000) * 1000;
        if (trailer >= 2) media = BinaryPrimitives.ReadUInt16LittleEndian(_buffer.AsSpan((int)captured));
        if (trailer >= 14)
        {
            // Version 2.3 stores each frame's UTC time as a FILETIME; Wireshark uses it, and so do we.
            long fileTime = BinaryPrimitives.ReadInt64LittleEndian(_buffer.AsSpan((int)captured + 6));
            if (fileTime > 0) ts = (fileTime - FileTimeUnixEpoch) * 100;
        }
        _next++;
        SetCurrent(FrameKind.Packet, true, ts, InterfaceFor(media), original, _buffer, 0, (int)captured, null, offset);
        return true;
    }

    private CaptureInterface InterfaceFor(ushort media)
    {
        if (!_byMedia.TryGetValue(media, out var iface))
        {
            iface = AddInterface(MediaToLinkType(media), 0);
            iface.TicksPerSecond = 10_000_000;
            _byMedia.Add(media, iface);
        }
        return iface;
    }

    /// <summary>Network Monitor media types (NDIS medium numbers) that have a LINKTYPE equivalent.</summary>
    private static LinkType MediaToLinkType(ushort media) => media switch
    {
        1 => LinkType.Ethernet,
        2 => LinkType.TokenRing,
        3 => LinkType.Fddi,
        _ => (LinkType)((uint)LinkType.NetMonMediaBase + media),
    };

    /// <summary>The header's start time, a Windows SYSTEMTIME (year, month, day of week, day, h, m, s, ms), read as UTC.</summary>
    private static long SystemTimeToNs(ReadOnlySpan<byte> t)
    {
        int year = BinaryPrimitives.ReadUInt16LittleEndian(t), month = BinaryPrimitives.ReadUInt16LittleEndian(t[2..]);
        int day = BinaryPrimitives.ReadUInt16LittleEndian(t[6..]), hour = BinaryPrimitives.ReadUInt16LittleEndian(t[8..]);
        int minute = BinaryPrimitives.ReadUInt16LittleEndian(t[10..]), second = BinaryPrimitives.ReadUInt16LittleEndian(t[12..]);
        int ms = BinaryPrimitives.ReadUInt16LittleEndian(t[14..]);
        if (year is < 1970 or > 9999 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) ||
            hour > 23 || minute > 59 || second > 59 || ms > 999)
            return 0;
        var dt = new DateTime(year, month, day, hour, minute, second, ms, DateTimeKind.Utc);
        return (dt - DateTime.UnixEpoch).Ticks * 100;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing) _file.Dispose();
        base.Dispose(disposing);
    }
}
