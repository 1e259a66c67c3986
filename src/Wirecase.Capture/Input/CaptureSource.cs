using Wirecase.Capture.Input;

namespace Wirecase.Capture;

/// <summary>An opened capture input: the (decompressed) byte stream, its name, compression and size on disk.</summary>
internal sealed class CaptureSource : IDisposable
{
    private readonly CountingStream _disk;

    public CaptureSource(string name, CountingStream disk, Stream content, CaptureCompression compression, long? fileSize)
    {
        Name = name;
        _disk = disk;
        Content = content;
        Compression = compression;
        FileSize = fileSize;
    }

    public string Name { get; }
    /// <summary>The capture bytes after decompression.</summary>
    public Stream Content { get; private set; }
    public CaptureCompression Compression { get; }
    public long? FileSize { get; }
    public long BytesReadFromDisk => _disk.BytesRead;

    /// <summary>Swaps the content for a seekable copy (NetMon files need random access).</summary>
    internal void ReplaceContent(Stream seekable) => Content = seekable;

    public void Dispose()
    {
        Content.Dispose();
        _disk.Dispose();
    }
}
