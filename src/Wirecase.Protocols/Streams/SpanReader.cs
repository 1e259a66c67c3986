using System.Buffers.Binary;

namespace Wirecase.Protocols.Streams;

/// <summary>Reads big-endian fields and length-prefixed vectors from a message body; every read says whether the
/// bytes were there (a malformed message fails a read instead of throwing).</summary>
internal ref struct SpanReader(ReadOnlySpan<byte> data)
{
    private ReadOnlySpan<byte> _rest = data;

    public readonly int Remaining => _rest.Length;

    public bool TryU8(out byte value)
    {
        value = 0;
        if (_rest.Length < 1) return false;
        value = _rest[0];
        _rest = _rest[1..];
        return true;
    }

    public bool TryU16(out ushort value)
    {
        value = 0;
        if (_rest.Length < 2) return false;
        value = BinaryPrimitives.ReadUInt16BigEndian(_rest);
        _rest = _rest[2..];
        return true;
    }

    public bool TryU24(out int value)
    {
        value = 0;
        if (_rest.Length < 3) return false;
        value = _rest[0] << 16 | _rest[1] << 8 | _rest[2];
        _rest = _rest[3..];
        return true;
    }

    public bool TryBytes(int count, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (count < 0 || _rest.Length < count) return false;
        value = _rest[..count];
        _rest = _rest[count..];
        return true;
    }

    /// <summary>A vector with a 1-, 2- or 3-byte length prefix.</summary>
    public bool TryVector(int prefixBytes, out ReadOnlySpan<byte> value)
    {
        value = default;
        int length;
        switch (prefixBytes)
        {
            case 1: if (!TryU8(out byte l1)) return false; length = l1; break;
            case 2: if (!TryU16(out ushort l2)) return false; length = l2; break;
            default: if (!TryU24(out length)) return false; break;
        }
        return TryBytes(length, out value);
    }
}
