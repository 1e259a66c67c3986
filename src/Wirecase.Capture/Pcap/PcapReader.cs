using Wirecase.Capture.Input;

namespace Wirecase.Capture.Pcap;

/// <summary>
/// libpcap files: microsecond (0xA1B2C3D4), nanosecond (0xA1B23C4D) and Kuznetzov "modified" (0xA1B2CD34) magic, both
/// byte orders, any snaplen; the link type number is passed through whatever it is.
/// </summary>
internal sealed class PcapReader : CaptureReader
{
    public const uint MagicMicroseconds = 0xA1B2C3D4;
    public const uint MagicNanoseconds = 0xA1B23C4D;
    public const uint MagicModified = 0xA1B2CD34;
    private const int FileHeaderLength = 24;
    private const int RecordHeaderLength = 16;
    private const int ModifiedExtraLength = 8;   // ifindex (4), protocol (2), pkt_type (1), padding (1)
    /// <summary>Bits 16–25 of the link-type field are reserved and must be zero (the upper bits carry FCS info).</summary>
    private const uint ReservedLinkTypeBits = 0x03FF0000;

    private static class Field
    {
        public const int Magic = 0, VersionMajor = 4, VersionMinor = 6, SnapLength = 16, LinkType = 20;
        public const int Seconds = 0, Fraction = 4, CapturedLength = 8, OriginalLength = 12;
    }

    private readonly ByteSource _in;
    private readonly Endian _endian;
    private readonly CaptureFormat _format;
    private readonly long _fractionToNs;
    private readonly int _recordHeaderLength;
    private readonly CaptureInterface _interface;
    private readonly int _maxCapturedLength;
    private bool _done;

    public static bool IsMagic(uint littleEndianValue) => littleEndianValue switch
    {
        MagicMicroseconds or MagicNanoseconds or MagicModified => true,
        _ => System.Buffers.Binary.BinaryPrimitives.ReverseEndianness(littleEndianValue)
            is MagicMicroseconds or MagicNanoseconds or MagicModified,
    };

    public PcapReader(CaptureSource source, int bufferSize) : base(source)
    {
        _in = new ByteSource(source.Content, bufferSize, source.Compression == CaptureCompression.None ? source.FileSize : null);
        if (!_in.Ensure(FileHeaderLength))
            throw Fail(0, $"the pcap file header is cut short ({_in.Available} of {FileHeaderLength} bytes)");
        var h = _in.Peek(FileHeaderLength);
        uint magicLe = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(h);
        bool big = magicLe is not (MagicMicroseconds or MagicNanoseconds or MagicModified);
        _endian = new Endian(big);
        uint magic = _endian.U32(h, Field.Magic);
        _format = magic switch
        {
            MagicNanoseconds => CaptureFormat.PcapNanosecond,
            MagicModified => CaptureFormat.PcapModified,
            _ => CaptureFormat.Pcap,
        };
        _fractionToNs = magic == MagicNanoseconds ? 1 : 1000;
        TimestampPrecisionDigits = magic == MagicNanoseconds ? 9 : 6;
        _recordHeaderLength = RecordHeaderLength + (magic == MagicModified ? ModifiedExtraLength : 0);
        IsBigEndian = big;

        ushort major = _endian.U16(h, Field.VersionMajor), minor = _endian.U16(h, Field.VersionMinor);
        FormatVersion = $"{major}.{minor}";
        if (major != 2)
            throw Fail(Field.VersionMajor, $"pcap version {major}.{minor} is not supported (only 2.x exists)");
        SnapLength = _endian.U32(h, Field.SnapLength);
        uint linkField = _endian.U32(h, Field.LinkType);
        if ((linkField & ReservedLinkTypeBits) != 0)
            throw Fail(Field.LinkType, $"the link-type field has reserved bits set (0x{linkField & ReservedLinkTypeBits:X8})");
        var linkType = (LinkType)(linkField & 0xFFFF);
        _interface = AddInterface(linkType, SnapLength);
        if ((linkField & 0x04000000) != 0) _interface.FcsLength = (byte)(2 * (linkField >> 28));
        _maxCapturedLength = LinkTypeNames.MaxCapturedLength(linkType);
        _in.Advance(FileHeaderLength);
    }

    public override CaptureFormat Format => _format;

    private CaptureException Fail(long offset, string problem) => new(FileName, offset, problem);

    public override bool MoveNext()
    {
        if (_done) return false;
        long offset = _in.Position;
        if (!_in.Ensure(_recordHeaderLength))
        {
            _done = true;
            if (_in.Available == 0 && _in.ReadError is null) return false;
            return Stop(offset, _in.ReadError is { } e
                ? $"the data cannot be read: {e.Message}"
                : $"the file ends in the middle of a record header ({_in.Available} of {_recordHeaderLength} bytes)");
        }
        var r = _in.Peek(_recordHeaderLength);
        uint seconds = _endian.U32(r, Field.Seconds);
        uint fraction = _endian.U32(r, Field.Fraction);
        uint captured = _endian.U32(r, Field.CapturedLength);
        uint original = _endian.U32(r, Field.OriginalLength);
        if (captured > (uint)_maxCapturedLength)
        {
            _done = true;
            return Stop(offset, $"record {FramesRead + 1} claims a {captured}-byte packet, more than the maximum of {_maxCapturedLength}: the file is damaged here");
        }
        int total = _recordHeaderLength + (int)captured;
        if (!_in.Ensure(total))
        {
            _done = true;
            return Stop(offset, _in.ReadError is { } e
                ? $"the data cannot be read: {e.Message}"
                : $"the file ends in the middle of record {FramesRead + 1} ({_in.Available - _recordHeaderLength} of {captured} packet bytes present)");
        }
        long ts = (long)seconds * 1_000_000_000L + fraction * _fractionToNs;
        if (fraction >= 1_000_000_000L / _fractionToNs)
            Warn(offset, $"record {FramesRead + 1}: the sub-second timestamp field ({fraction}) is 1 s or more; the excess was carried into the seconds");
        // Peek again: Ensure may have moved the buffered bytes.
        _ = _in.Peek(total);
        SetCurrent(FrameKind.Packet, true, ts, _interface, original, InBuffer, InIndex + _recordHeaderLength,
            (int)captured, null, offset);
        _in.Advance(total);
        return true;
    }

    private byte[] InBuffer => _in.Buffer;
    private int InIndex => _in.Index;

    protected override void Dispose(bool disposing)
    {
        if (disposing) _in.Dispose();
        base.Dispose(disposing);
    }
}
