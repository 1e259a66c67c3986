using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Wirecase.Flows.Storage;

/// <summary>
/// Fixed-size records appended to a temporary file and read back by number: what a long run must keep of every
/// connection without holding it in memory. Appends go through a buffer of 256 KiB by default; each full buffer is
/// written by a thread-pool task while appends go on into the next (at most <see cref="WritesInFlight"/> writes at a
/// time), so the copy into the kernel's page cache happens on whichever core is free. The file is deleted as soon as it
/// is made (on Linux the open handle keeps it readable), so nothing is left behind whatever happens to the process.
/// Where no temporary file can be made (missing or read-only temporary directory), or it fills up, the records from
/// then on stay in memory (<see cref="Problem"/> says why) and nothing is lost.
/// </summary>
public sealed class SpillFile<T> : IDisposable where T : unmanaged
{
    /// <summary>Full buffers being written at once; one more append waits for the oldest.</summary>
    public const int WritesInFlight = 2;

    private static readonly int RecordSize = Unsafe.SizeOf<T>();
    private readonly SafeFileHandle? _file;
    private readonly string _directory;
    private readonly string _path;
    private readonly int _chunkRecords;
    // Per full buffer (chunk) appended so far: the buffer while its records are in memory (being written, or kept for
    // good after a failure), null once they are in the file. Only this object's caller changes it.
    private readonly List<T[]?> _chunks = [];
    private readonly Queue<(int Chunk, Task Write)> _writing = new();
    private readonly Stack<T[]> _spareBuffers = new();
    private T[] _buffer;
    private int _buffered;
    private long _stored;   // records in full chunks

    /// <param name="bufferBytes">How much to gather before each write. Each write wakes a pool thread (a few tens of
    /// microseconds of the appending thread's time on a virtual machine): 256 KiB makes conv's 5 M small frames
    /// ~1 200 writes instead of ~4 600, for about 1 MB more memory per file.</param>
    /// <param name="directory">Where to make the file (default: the temporary directory, $TMPDIR).</param>
    public SpillFile(int bufferBytes = 256 << 10, string? directory = null)
    {
        _chunkRecords = Math.Max(16, bufferBytes / RecordSize);
        _buffer = new T[_chunkRecords];
        _directory = Path.TrimEndingDirectorySeparator(directory ?? Path.GetTempPath());
        _path = Path.Combine(_directory, $"wirecase-{Environment.ProcessId}-{Guid.NewGuid():N}.tmp");
        try
        {
            _file = File.OpenHandle(_path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, FileOptions.DeleteOnClose);
            if (!OperatingSystem.IsWindows()) File.Delete(_path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _file?.Dispose();
            _file = null;
            Problem = $"no temporary file could be made in {_directory} ({Reason(e)})";
        }
    }

    /// <summary>Why records are (from some point on) kept in memory, or null while they all go to the file.</summary>
    public string? Problem { get; private set; }

    /// <summary>Records appended so far.</summary>
    public long Count => _stored + _buffered;

    /// <summary>True when records are kept in memory: no temporary file could be made, or it could not take more.</summary>
    public bool InMemory => Problem is not null;

    /// <summary>Appends <paramref name="record"/> and returns its number (0, 1, 2 …).</summary>
    public long Append(in T record)
    {
        if (_buffered == _buffer.Length) WriteOut();
        _buffer[_buffered++] = record;
        return _stored + _buffered - 1;
    }

    /// <summary>Record number <paramref name="index"/>.</summary>
    public T Read(long index)
    {
        Span<T> one = stackalloc T[1];
        if (Read(index, one) != 1) throw new ArgumentOutOfRangeException(nameof(index));
        return one[0];
    }

    /// <summary>Copies records from number <paramref name="start"/> on into <paramref name="destination"/>; returns how
    /// many (fewer at the end).</summary>
    public int Read(long start, Span<T> destination)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        int total = (int)Math.Clamp(Count - start, 0, destination.Length);
        int done = 0;
        while (done < total)
        {
            long index = start + done;
            var into = destination[done..total];
            int n;
            if (index >= _stored)
            {
                n = into.Length;
                _buffer.AsSpan((int)(index - _stored), n).CopyTo(into);
            }
            else
            {
                int chunk = (int)(index / _chunkRecords), at = (int)(index % _chunkRecords);
                n = Math.Min(into.Length, _chunkRecords - at);
                if (_chunks[chunk] is { } inMemory) inMemory.AsSpan(at, n).CopyTo(into);
                else ReadFile(index, into[..n]);
            }
            done += n;
        }
        return total;
    }

    public void Dispose()
    {
        while (_writing.TryDequeue(out var w))
        {
            try
            {
                w.Write.Wait();
            }
            catch (AggregateException)
            {
                // The records are not needed any more.
            }
        }
        _file?.Dispose();
    }

    private void WriteOut()
    {
        int chunk = _chunks.Count;
        var full = _buffer;
        _chunks.Add(full);
        _stored += _buffered;
        _buffered = 0;
        if (Problem is null)
        {
            long offset = (long)chunk * _chunkRecords * RecordSize;
            var file = _file!;
            _writing.Enqueue((chunk, Task.Run(() => RandomAccess.Write(file, MemoryMarshal.AsBytes(full.AsSpan()), offset))));
        }
        Reap();
        _buffer = _spareBuffers.TryPop(out var spare) ? spare : new T[_chunkRecords];
    }

    /// <summary>Takes note of the writes that finished (their chunks are read from the file from now on, their buffers
    /// are reused), waiting for the oldest while too many are in flight.</summary>
    private void Reap()
    {
        while (_writing.TryPeek(out var w) && (w.Write.IsCompleted || _writing.Count > WritesInFlight))
        {
            _writing.Dequeue();
            try
            {
                w.Write.Wait();
                _spareBuffers.Push(_chunks[w.Chunk]!);
                _chunks[w.Chunk] = null;
            }
            catch (AggregateException e) when (e.InnerException is IOException io)
            {
                // Full disk or quota: what is in the file stays readable; this chunk and the rest stay in memory.
                Problem ??= $"the temporary file in {_directory} could not take more ({Reason(io)})";
            }
        }
    }

    private void ReadFile(long index, Span<T> into)
    {
        var bytes = MemoryMarshal.AsBytes(into);
        long offset = index * RecordSize;
        try
        {
            while (!bytes.IsEmpty)
            {
                int n = RandomAccess.Read(_file!, bytes, offset);
                if (n <= 0) throw new IOException("it ended early");
                bytes = bytes[n..];
                offset += n;
            }
        }
        catch (IOException e)
        {
            throw new SpillFileException($"cannot read back the temporary file in {_directory} ({Reason(e)})", e);
        }
    }

    /// <summary>The system's words without the file's name (the same for every file in the directory).</summary>
    private string Reason(Exception e) =>
        e.Message.Replace($" : '{_path}'", "", StringComparison.Ordinal).Replace($" '{_path}'", "", StringComparison.Ordinal).TrimEnd('.');
}
