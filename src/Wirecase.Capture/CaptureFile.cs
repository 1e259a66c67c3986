using System.Buffers.Binary;
using System.IO.Compression;
using Wirecase.Capture.Input;
using Wirecase.Capture.NetMon;
using Wirecase.Capture.Pcap;
using Wirecase.Capture.Pcapng;
using ZstdSharp;

namespace Wirecase.Capture;

/// <summary>Options for opening captures.</summary>
public sealed record CaptureOpenOptions
{
    /// <summary>Read buffer per file; 4 MiB keeps one core busy on a warm page cache.</summary>
    public int BufferSize { get; init; } = 4 * 1024 * 1024;
    /// <summary>Folder for the temporary copy a non-seekable NetMon input needs.</summary>
    public string? TemporaryDirectory { get; init; }
}

/// <summary>Opens capture files: detects the format by content (never by file name), unwraps gzip/zstd, reads stdin.</summary>
public static class CaptureFile
{
    /// <summary>The name that means standard input.</summary>
    public const string StandardInput = "-";

    /// <summary>Opens one capture. Throws <see cref="CaptureException"/> (one clear line) when it cannot be read at all.</summary>
    public static CaptureReader Open(string path, CaptureOpenOptions? options = null)
    {
        options ??= new CaptureOpenOptions();
        var (stream, size) = OpenRaw(path);
        return Open(path, stream, size, options);
    }

    /// <summary>Opens a capture from an already-open stream (tests, stdin). The reader owns the stream.</summary>
    public static CaptureReader Open(string name, Stream stream, long? fileSize, CaptureOpenOptions? options = null)
    {
        options ??= new CaptureOpenOptions();
        var disk = new CountingStream(stream);
        Stream content = disk;
        var compression = CaptureCompression.None;
        try
        {
            var magic = new byte[4];
            int n = ReadMagic(ref content, magic);
            if (n == 0)
                throw new CaptureException(name, null, "the file is empty (0 bytes)");
            if (n >= 2 && magic[0] == 0x1F && magic[1] == 0x8B)
            {
                compression = CaptureCompression.Gzip;
                content = new GZipStream(content, CompressionMode.Decompress);
            }
            else if (n == 4 && BinaryPrimitives.ReadUInt32LittleEndian(magic) == 0xFD2FB528)
            {
                compression = CaptureCompression.Zstd;
                content = new DecompressionStream(content);
            }
            if (compression != CaptureCompression.None)
            {
                try
                {
                    n = ReadMagic(ref content, magic);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    throw new CaptureException(name, 0, $"{compression} data is corrupt: {e.Message}");
                }
                if (n == 0)
                    throw new CaptureException(name, null, $"the {compression}-compressed file holds no data");
            }

            var source = new CaptureSource(name, disk, content, compression, fileSize);
            CaptureReader? reader = null;
            try
            {
                reader = DetectAndCreate(source, magic.AsSpan(0, n), options);
                return reader;
            }
            finally
            {
                if (reader is null) source.Dispose();
            }
        }
        catch
        {
            content.Dispose();
            disk.Dispose();
            throw;
        }
    }

    private static CaptureReader DetectAndCreate(CaptureSource source, ReadOnlySpan<byte> magic, CaptureOpenOptions options)
    {
        if (magic.Length == 4)
        {
            uint le = BinaryPrimitives.ReadUInt32LittleEndian(magic);
            if (PcapReader.IsMagic(le)) return new PcapReader(source, options.BufferSize);
            if (le == PcapngReader.BlockTypeSectionHeader) return new PcapngReader(source, options.BufferSize);
            if (magic.SequenceEqual("GMBU"u8)) return NetMonReader.Open(source, options.TemporaryDirectory);
            if (magic.SequenceEqual("RTSS"u8))
                throw new CaptureException(source.Name, 0, "Network Monitor 1.x captures are not supported (only 2.x, magic GMBU)");
        }
        string hex = Convert.ToHexString(magic);
        string hint = LooksLikeText(magic) ? " (it looks like text, not a capture)" : "";
        throw new CaptureException(source.Name, 0,
            $"not a capture file: unknown format (first bytes 0x{hex}){hint}; expected pcap, pcapng or Network Monitor 2.x, optionally gzip/zstd-compressed");
    }

    private static bool LooksLikeText(ReadOnlySpan<byte> bytes)
    {
        foreach (byte b in bytes)
            if (b is < 0x09 or > 0x7E || (b > 0x0D && b < 0x20)) return false;
        return true;
    }

    /// <summary>Reads up to 4 bytes; afterwards <paramref name="stream"/> again starts at the first byte.</summary>
    private static int ReadMagic(ref Stream stream, byte[] magic)
    {
        int n = 0;
        while (n < magic.Length)
        {
            int r = stream.Read(magic, n, magic.Length - n);
            if (r <= 0) break;
            n += r;
        }
        if (stream.CanSeek) stream.Seek(0, SeekOrigin.Begin);
        else stream = new ReplayStream(magic, n, stream);
        return n;
    }

    private static (Stream Stream, long? Size) OpenRaw(string path)
    {
        if (path == StandardInput) return (Console.OpenStandardInput(), null);
        if (Directory.Exists(path))
            throw new CaptureException(path, null, "is a directory, not a capture file");
        try
        {
            var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 1,
                FileOptions.SequentialScan);
            long? size = fs.CanSeek ? fs.Length : null;
            return (fs, size);
        }
        catch (FileNotFoundException)
        {
            throw new CaptureException(path, null, "no such file");
        }
        catch (DirectoryNotFoundException)
        {
            throw new CaptureException(path, null, "no such file (the folder does not exist)");
        }
        catch (UnauthorizedAccessException)
        {
            throw new CaptureException(path, null, "permission denied (the file cannot be read by this user)");
        }
        catch (IOException e)
        {
            throw new CaptureException(path, null, $"cannot be opened: {e.Message}");
        }
    }
}
