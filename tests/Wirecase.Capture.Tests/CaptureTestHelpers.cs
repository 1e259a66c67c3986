using Wirecase.Capture;

namespace Wirecase.Capture.Tests;

/// <summary>A frame copied out of a reader, for assertions.</summary>
public sealed record ReadFrame(long Number, FrameKind Kind, bool HasTimestamp, long TimestampNs, LinkType LinkType,
    int InterfaceIndex, int InterfaceId, uint OriginalLength, byte[] Data, string? Comment);

public static class Read
{
    public static CaptureReader Open(byte[] bytes, string name = "test.pcap", bool seekable = true) =>
        CaptureFile.Open(name, seekable ? new MemoryStream(bytes) : new NonSeekableStream(bytes), bytes.Length);

    public static (List<ReadFrame> Frames, CaptureReader Reader) All(byte[] bytes, string name = "test.pcap", bool seekable = true)
    {
        var reader = Open(bytes, name, seekable);
        var frames = new List<ReadFrame>();
        while (reader.MoveNext())
        {
            var f = reader.Current;
            frames.Add(new ReadFrame(f.Number, f.Kind, f.HasTimestamp, f.TimestampNs, f.LinkType,
                f.Interface?.Index ?? -1, f.Interface?.IdInSection ?? -1, f.OriginalLength, f.Data.ToArray(), f.Comment));
        }
        return (frames, reader);
    }
}

/// <summary>A stream like a pipe: no seeking, no length.</summary>
public sealed class NonSeekableStream(byte[] bytes) : Stream
{
    private readonly MemoryStream _inner = new(bytes);
    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 1000));
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
