using Wirecase.Capture.Input;

namespace Wirecase.Capture.Pcapng;

/// <summary>
/// Walks the options of a pcapng block: code (2), length (2), value padded to 4 bytes, ended by opt_endofopt or the
/// end of the block. A ref struct over the block's bytes; allocates nothing.
/// </summary>
internal ref struct PcapngOptionReader
{
    public const ushort EndOfOptions = 0;
    public const ushort Comment = 1;

    private readonly ReadOnlySpan<byte> _options;
    private readonly Endian _endian;
    private int _position;

    public PcapngOptionReader(ReadOnlySpan<byte> options, Endian endian)
    {
        _options = options;
        _endian = endian;
        _position = 0;
    }

    public ushort Code { get; private set; }
    public ReadOnlySpan<byte> Value { get; private set; }
    /// <summary>Set when an option's length runs past the end of the block.</summary>
    public bool Overran { get; private set; }
    /// <summary>The length the overrunning option claimed.</summary>
    public int OverrunLength { get; private set; }

    public bool MoveNext()
    {
        if (_position + 4 > _options.Length) return false;
        Code = _endian.U16(_options, _position);
        int length = _endian.U16(_options, _position + 2);
        if (Code == EndOfOptions) return false;
        int start = _position + 4;
        if (length > _options.Length - start)
        {
            Overran = true;
            OverrunLength = length;
            return false;
        }
        Value = _options.Slice(start, length);
        _position = start + ((length + 3) & ~3);
        return true;
    }

    public readonly string Utf8() => System.Text.Encoding.UTF8.GetString(TrimNul(Value));

    public readonly ulong U64() => Value.Length >= 8 ? _endian.U64(Value, 0) : 0;

    public readonly ulong U32Pair() => Value.Length >= 8 ? _endian.U32Pair(Value, 0) : 0;

    public readonly uint U32() => Value.Length >= 4 ? _endian.U32(Value, 0) : 0;

    private static ReadOnlySpan<byte> TrimNul(ReadOnlySpan<byte> s)
    {
        int nul = s.IndexOf((byte)0);
        return nul >= 0 ? s[..nul] : s;
    }
}
