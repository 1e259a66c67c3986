namespace Wirecase.Capture.Input;

/// <summary>
/// Sequential reads from a stream into one reused buffer (read(), not memory mapping: page faults made mapping slower).
/// Spans handed out are valid until the next <see cref="Ensure"/> or <see cref="Advance"/>. The buffer only grows to
/// hold one record, and never beyond <see cref="MaxBufferSize"/>, so memory stays bounded whatever a file claims.
/// </summary>
internal sealed class ByteSource : IDisposable
{
    /// <summary>The largest record any reader asks for (pcapng blocks are capped below this).</summary>
    public const int MaxBufferSize = 32 * 1024 * 1024;

    private readonly Stream _stream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private long _bufferFileOffset;   // file offset of _buffer[0]
    private bool _endOfStream;

    /// <param name="sizeHint">The input's size when known: a small file gets a small buffer.</param>
    public ByteSource(Stream stream, int bufferSize, long? sizeHint = null)
    {
        _stream = stream;
        long size = Math.Clamp(bufferSize, 4 * 1024, MaxBufferSize);
        if (sizeHint is { } hint) size = Math.Clamp(hint + 1, 4 * 1024, size);
        _buffer = new byte[size];
    }

    /// <summary>File offset of the next unread byte.</summary>
    public long Position => _bufferFileOffset + _start;

    /// <summary>The buffer behind <see cref="Peek"/>; with <see cref="Index"/>, lets a reader hand out a span later.</summary>
    public byte[] Buffer => _buffer;

    /// <summary>Index in <see cref="Buffer"/> of the next unread byte.</summary>
    public int Index => _start;

    /// <summary>Bytes buffered and not yet consumed.</summary>
    public int Available => _end - _start;

    /// <summary>Exception raised by the underlying stream (e.g. corrupt gzip data), if reading stopped because of one.</summary>
    public Exception? ReadError { get; private set; }

    /// <summary>Makes at least <paramref name="count"/> bytes available; false if the stream ends (or fails) first.</summary>
    public bool Ensure(int count)
    {
        if (_end - _start >= count) return true;
        return Fill(count);
    }

    /// <summary>The next <paramref name="count"/> bytes; call <see cref="Ensure"/> first.</summary>
    public ReadOnlySpan<byte> Peek(int count) => new(_buffer, _start, count);

    public void Advance(int count) => _start += count;

    /// <summary>Skips <paramref name="count"/> bytes without buffering them all; false if the stream ends first.</summary>
    public bool Skip(long count)
    {
        while (count > 0)
        {
            if (Available == 0 && !Fill(1)) return false;
            int step = (int)Math.Min(count, Available);
            _start += step;
            count -= step;
        }
        return true;
    }

    private bool Fill(int count)
    {
        if (count > MaxBufferSize) return false;
        if (_start > 0)
        {
            System.Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _bufferFileOffset += _start;
            _end -= _start;
            _start = 0;
        }
        while (_end - _start < count && !_endOfStream)
        {
            if (_end == _buffer.Length)
            {
                // Grow only once the bytes are really there: a length field in a short or damaged file never makes
                // the reader allocate what the file does not hold.
                var bigger = new byte[Math.Min(count, Math.Max(_buffer.Length * 2, 64 * 1024))];
                System.Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
                _buffer = bigger;
            }
            int read;
            try
            {
                read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            }
            catch (Exception e) when (e is not OutOfMemoryException)   // corrupt compressed data, I/O errors
            {
                ReadError = e;
                _endOfStream = true;
                break;
            }
            if (read <= 0) _endOfStream = true;
            else _end += read;
        }
        return _end - _start >= count;
    }

    public void Dispose() => _stream.Dispose();
}
