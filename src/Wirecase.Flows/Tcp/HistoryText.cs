using System.Runtime.CompilerServices;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// A connection's Zeek history as plain bytes (its letters are ASCII, at most <see cref="TcpConnection.MaxHistoryLength"/>
/// of them), for records kept in files rather than on the managed heap: the table's record of a retired connection and
/// `conv`'s row.
/// </summary>
public readonly struct HistoryText
{
    private readonly Letters _letters;
    private readonly byte _length;

    public HistoryText(ReadOnlySpan<char> history)
    {
        _length = (byte)Math.Min(history.Length, TcpConnection.MaxHistoryLength);
        for (int i = 0; i < _length; i++) _letters[i] = (byte)history[i];
    }

    public int Length => _length;

    /// <summary>Writes the letters into <paramref name="destination"/> (64 characters are enough); returns how many.</summary>
    public int CopyTo(Span<char> destination)
    {
        for (int i = 0; i < _length; i++) destination[i] = (char)_letters[i];
        return _length;
    }

    public override string ToString()
    {
        Span<char> text = stackalloc char[TcpConnection.MaxHistoryLength];
        return new string(text[..CopyTo(text)]);
    }

    [InlineArray(TcpConnection.MaxHistoryLength)]
    private struct Letters
    {
        private byte _letter;
    }
}
