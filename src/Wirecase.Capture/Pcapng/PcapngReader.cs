using Wirecase.Capture.Input;

namespace Wirecase.Capture.Pcapng;

/// <summary>
/// pcapng files: both byte orders, several sections (each with its own byte order and interfaces), several interfaces
/// with their own link types and timestamp resolutions; Enhanced, Simple and obsolete Packet blocks; Name Resolution,
/// Interface Statistics, Custom, Decryption Secrets and unknown blocks. Block lengths are checked before any buffering,
/// so a damaged length cannot make the reader allocate more than <see cref="MaxBlockLength"/>.
/// </summary>
internal sealed partial class PcapngReader : CaptureReader
{
    public const uint BlockTypeSectionHeader = 0x0A0D0D0A;
    private const uint ByteOrderMagic = 0x1A2B3C4D;
    /// <summary>The largest block accepted. Real packets are at most 256 KiB; 16 MiB leaves room for big D-Bus/USB records.</summary>
    public const int MaxBlockLength = 16 * 1024 * 1024 + 1024;
    private const int MinBlockLength = 12;   // type, length, trailing length

    private static class BlockType
    {
        public const uint InterfaceDescription = 1, ObsoletePacket = 2, SimplePacket = 3, NameResolution = 4;
        public const uint InterfaceStatistics = 5, EnhancedPacket = 6, SystemdJournalExport = 9;
        public const uint DecryptionSecrets = 10, Custom = 0x00000BAD, CustomNoCopy = 0x40000BAD;
    }

    private readonly ByteSource _in;
    private readonly List<InterfaceState> _sectionInterfaces = [];
    private Endian _endian;
    private int _section = -1;
    private bool _done;

    /// <summary>An interface of the current section with its precomputed timestamp conversion.</summary>
    private sealed record InterfaceState(CaptureInterface Interface, TimestampScale Scale);

    /// <summary>Counts of blocks by kind, for `info`.</summary>
    private readonly Dictionary<string, int> _blockCounts = [];

    public override IReadOnlyDictionary<string, int> BlockCounts => _blockCounts;

    public PcapngReader(CaptureSource source, int bufferSize) : base(source)
    {
        _in = new ByteSource(source.Content, bufferSize, source.Compression == CaptureCompression.None ? source.FileSize : null);
        if (!_in.Ensure(28))
            throw new CaptureException(FileName, 0, $"the pcapng section header is cut short ({_in.Available} bytes)");
        if (!ReadSectionHeader(first: true))
            throw new CaptureException(Damage!.File, Damage.Offset, Damage.Problem);
        IsBigEndian = _endian.IsBig;
        TimestampPrecisionDigits = 6;
    }

    public override CaptureFormat Format => CaptureFormat.Pcapng;

    public override bool MoveNext()
    {
        while (!_done)
        {
            long offset = _in.Position;
            if (!_in.Ensure(8))
            {
                _done = true;
                if (_in.Available == 0 && _in.ReadError is null) return false;
                return Stop(offset, _in.ReadError is { } e
                    ? $"the data cannot be read: {e.Message}"
                    : $"the file ends in the middle of a block header ({_in.Available} of 8 bytes)");
            }
            var head = _in.Peek(8);
            uint type = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(head);
            if (type == BlockTypeSectionHeader)
            {
                if (!ReadSectionHeader(first: false)) { _done = true; return false; }
                continue;
            }
            type = _endian.U32(head, 0);
            uint length = _endian.U32(head, 4);
            if (!CheckBlockLength(offset, type, length) || !LoadBlock(offset, (int)length, type)) return false;
            var block = _in.Peek((int)length);
            bool delivered = ReadBlock(type, block, offset);
            if (_done) return false;
            _in.Advance((int)length);
            if (delivered) return true;
        }
        return false;
    }

    private bool CheckBlockLength(long offset, uint type, uint length)
    {
        if (length < MinBlockLength || length % 4 != 0)
        {
            _done = true;
            return Stop(offset, $"block of type 0x{type:X8} has an invalid length {length} (must be a multiple of 4, at least {MinBlockLength})");
        }
        if (length > MaxBlockLength)
        {
            _done = true;
            return Stop(offset, $"block of type 0x{type:X8} claims {length} bytes, more than the {MaxBlockLength}-byte limit: the file is damaged here");
        }
        return true;
    }

    /// <summary>Buffers the whole block and checks its trailing length copy.</summary>
    private bool LoadBlock(long offset, int length, uint type)
    {
        if (!_in.Ensure(length))
        {
            _done = true;
            return Stop(offset, _in.ReadError is { } e
                ? $"the data cannot be read: {e.Message}"
                : $"the file ends in the middle of a block of type 0x{type:X8} ({_in.Available} of {length} bytes present)");
        }
        var block = _in.Peek(length);
        uint trailer = _endian.U32(block, length - 4);
        if (trailer != (uint)length)
        {
            _done = true;
            return Stop(offset, $"block of type 0x{type:X8} says it is {length} bytes long but its trailer says {trailer}: the file is damaged here");
        }
        return true;
    }

    private void Count(string kind) => _blockCounts[kind] = _blockCounts.GetValueOrDefault(kind) + 1;

    protected override void Dispose(bool disposing)
    {
        if (disposing) _in.Dispose();
        base.Dispose(disposing);
    }
}
