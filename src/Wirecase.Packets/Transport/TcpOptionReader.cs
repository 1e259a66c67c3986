using System.Buffers.Binary;

namespace Wirecase.Packets.Transport;

/// <summary>TCP option kinds (IANA "TCP Option Kind Numbers").</summary>
public static class TcpOptionKinds
{
    public const byte EndOfList = 0, NoOperation = 1, Mss = 2, WindowScale = 3, SackPermitted = 4, Sack = 5;
    public const byte Timestamps = 8, Md5 = 19, UserTimeout = 28, Ao = 29, Mptcp = 30, FastOpen = 34;
}

/// <summary>
/// Enumerates TCP options without allocating. Each option is (kind, value); an option whose length byte is below 2 or
/// runs off the header stops the walk and sets <see cref="Malformed"/>. Unknown kinds are returned like known ones.
/// </summary>
public ref struct TcpOptionReader
{
    /// <summary>40 option bytes hold at most 40 options (all NOPs).</summary>
    public const int MaxOptions = 40;

    private readonly ReadOnlySpan<byte> _options;
    private int _position;
    private int _count;

    public TcpOptionReader(ReadOnlySpan<byte> options)
    {
        _options = options;
        _position = 0;
        _count = 0;
    }

    public byte Kind { get; private set; }
    /// <summary>The option's value, without kind and length bytes.</summary>
    public ReadOnlySpan<byte> Value { get; private set; }
    public bool Malformed { get; private set; }

    public bool MoveNext()
    {
        while (_position < _options.Length && _count++ < MaxOptions)
        {
            byte kind = _options[_position];
            if (kind == TcpOptionKinds.EndOfList) return false;
            if (kind == TcpOptionKinds.NoOperation)
            {
                _position++;
                continue;
            }
            if (_position + 1 >= _options.Length)
            {
                Malformed = true;
                return false;
            }
            int length = _options[_position + 1];
            if (length < 2 || _position + length > _options.Length)
            {
                Malformed = true;
                return false;
            }
            Kind = kind;
            Value = _options.Slice(_position + 2, length - 2);
            _position += length;
            return true;
        }
        return false;
    }

    /// <summary>MSS value when the current option is a well-formed MSS option.</summary>
    public readonly bool TryGetMss(out ushort mss)
    {
        mss = 0;
        if (Kind != TcpOptionKinds.Mss || Value.Length != 2) return false;
        mss = BinaryPrimitives.ReadUInt16BigEndian(Value);
        return true;
    }
}
