namespace Wirecase.Capture.Input;

/// <summary>Counts the bytes read from the file on disk (before decompression), for progress reporting.</summary>
internal sealed class CountingStream(Stream inner) : Stream
{
    private long _bytesRead;

    /// <summary>Bytes read so far; safe to read from another thread (a progress bar).</summary>
    public long BytesRead => Interlocked.Read(ref _bytesRead);

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        int n = inner.Read(buffer);
        Interlocked.Add(ref _bytesRead, n);
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => false;
    public override long Length => inner.Length;
    public override long Position
    {
        get => inner.Position;
        set { inner.Position = value; Interlocked.Exchange(ref _bytesRead, value); }
    }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin)
    {
        long p = inner.Seek(offset, origin);
        Interlocked.Exchange(ref _bytesRead, p);
        return p;
    }
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
