using Wirecase.Flows;

namespace Wirecase.Protocols.Streams;

/// <summary>Where a line began: the frame that carried its first byte and the size of that frame's payload (a
/// pipelined envelope sent as one 513-byte segment shows as 513 on each of its commands).</summary>
public readonly record struct LineStart(FrameTime At, int SegmentBytes, long StreamOffset);

/// <summary>
/// Cuts one direction of a stream into lines (LF-terminated, a trailing CR dropped). A line split across segments
/// is held in a buffer of at most <c>maxLength</c> bytes; a longer line is cut there and marked, the rest skipped
/// up to its LF, so memory stays bounded whatever the peer sends.
/// </summary>
internal sealed class LineReader(int maxLength)
{
    private byte[]? _partial;
    private int _partialLength;
    private bool _holding;
    private bool _overlong;
    private LineStart _start;

    /// <summary>The line returned by the last <see cref="TryRead"/> was longer than the limit and was cut.</summary>
    public bool LastWasCut { get; private set; }

    /// <summary>True while part of a line is held waiting for its end.</summary>
    public bool Holding => _holding;

    /// <summary>
    /// Takes the next complete line from <paramref name="data"/> (advancing it). False when the data ended inside a
    /// line: that part is held for the next call. The returned span is valid until the next call.
    /// </summary>
    public bool TryRead(ref ReadOnlySpan<byte> data, FrameTime at, int segmentBytes, ref long streamOffset,
        out ReadOnlySpan<byte> line, out LineStart start)
    {
        int lf = data.IndexOf((byte)'\n');
        if (!_holding)
        {
            _start = new LineStart(at, segmentBytes, streamOffset);
            if (lf >= 0)
            {
                line = TrimCr(data[..lf]);
                LastWasCut = false;
                if (line.Length > maxLength)
                {
                    line = line[..maxLength];
                    LastWasCut = true;
                }
                start = _start;
                Advance(ref data, lf + 1, ref streamOffset);
                return true;
            }
            _holding = true;
            _partialLength = 0;
            _overlong = false;
        }
        var piece = lf >= 0 ? data[..lf] : data;
        Hold(piece);
        Advance(ref data, lf >= 0 ? lf + 1 : data.Length, ref streamOffset);
        if (lf < 0)
        {
            line = default;
            start = default;
            return false;
        }
        _holding = false;
        LastWasCut = _overlong;
        line = TrimCr(_partial.AsSpan(0, _partialLength));
        start = _start;
        return true;
    }

    /// <summary>Drops a held partial line (after a gap the rest of it is missing).</summary>
    public void Reset()
    {
        _holding = false;
        _partialLength = 0;
        _overlong = false;
    }

    private void Hold(ReadOnlySpan<byte> piece)
    {
        int room = maxLength + 1 - _partialLength;   // one more than the limit, so that a CR at the limit still trims
        if (piece.Length > room)
        {
            _overlong = true;
            piece = piece[..Math.Max(0, room)];
        }
        if (piece.IsEmpty) return;
        _partial ??= new byte[Math.Min(maxLength + 1, 256)];
        if (_partialLength + piece.Length > _partial.Length)
            Array.Resize(ref _partial, Math.Min(maxLength + 1, Math.Max(_partial.Length * 2, _partialLength + piece.Length)));
        piece.CopyTo(_partial.AsSpan(_partialLength));
        _partialLength += piece.Length;
    }

    private static void Advance(ref ReadOnlySpan<byte> data, int count, ref long streamOffset)
    {
        data = data[count..];
        streamOffset += count;
    }

    private static ReadOnlySpan<byte> TrimCr(ReadOnlySpan<byte> line) =>
        line.Length > 0 && line[^1] == (byte)'\r' ? line[..^1] : line;
}
