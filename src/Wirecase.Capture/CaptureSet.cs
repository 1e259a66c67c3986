namespace Wirecase.Capture;

/// <summary>
/// Several files read as one timeline merged by timestamp (a ring buffer such as <c>dumpcap -b files:80</c>, chained
/// Network Monitor files), each frame still numbered within its own file. Ties keep file order; records without a
/// timestamp stay in place within their file. Files that cannot be opened are reported in <see cref="OpenErrors"/>
/// and the others are read.
/// </summary>
public sealed class CaptureSet : IDisposable
{
    /// <summary>Total read-buffer budget shared by all files of a set, so that memory stays bounded for long sets.</summary>
    public const int BufferBudget = 16 * 1024 * 1024;

    private readonly List<CaptureReader> _readers = [];
    private readonly PriorityQueue<int, (long Timestamp, int File)> _pending = new();
    private readonly List<CaptureException> _openErrors = [];
    private int _current = -1;
    private bool _started;

    private CaptureSet() { }

    /// <summary>Opens every file. Throws only when none can be opened (the first error), or when given no file.</summary>
    public static CaptureSet Open(IReadOnlyList<string> paths, CaptureOpenOptions? options = null)
    {
        if (paths.Count == 0) throw new CaptureException("(no file)", null, "no capture file given");
        options ??= new CaptureOpenOptions();
        if (paths.Count > 1)
            options = options with { BufferSize = Math.Clamp(BufferBudget / paths.Count, 64 * 1024, options.BufferSize) };
        var set = new CaptureSet();
        foreach (var path in paths)
        {
            try
            {
                set._readers.Add(CaptureFile.Open(path, options));
            }
            catch (CaptureException e)
            {
                set._openErrors.Add(e);
            }
        }
        if (set._readers.Count == 0)
        {
            var first = set._openErrors[0];
            set.Dispose();
            throw first;
        }
        return set;
    }

    /// <summary>Wraps readers that are already open (the set owns them).</summary>
    public static CaptureSet FromReaders(IEnumerable<CaptureReader> readers)
    {
        var set = new CaptureSet();
        set._readers.AddRange(readers);
        return set;
    }

    public IReadOnlyList<CaptureReader> Readers => _readers;
    public IReadOnlyList<CaptureException> OpenErrors => _openErrors;

    /// <summary>The reader the current frame comes from.</summary>
    public CaptureReader CurrentReader => _readers[_current];
    /// <summary>Index in <see cref="Readers"/> of the current frame's file.</summary>
    public int CurrentFileIndex => _current;
    public CaptureFrame Current => _readers[_current].Current;

    public bool MoveNext()
    {
        if (_readers.Count == 1)
        {
            _current = 0;
            return _readers[0].MoveNext();
        }
        if (!_started)
        {
            _started = true;
            for (int i = 0; i < _readers.Count; i++) Advance(i);
        }
        else if (_current >= 0)
        {
            Advance(_current);
        }
        if (!_pending.TryDequeue(out _current, out _)) return false;
        return true;
    }

    private void Advance(int file)
    {
        var reader = _readers[file];
        if (reader.MoveNext()) _pending.Enqueue(file, (reader.CurrentTimestampNs, file));
    }

    /// <summary>Damage found in any file, in file order.</summary>
    public IEnumerable<CaptureDamage> Damages => _readers.Where(r => r.Damage is not null).Select(r => r.Damage!);

    public long TotalFileSize => _readers.Sum(r => r.FileSize ?? 0);
    public long BytesReadFromDisk => _readers.Sum(r => r.BytesReadFromDisk);

    public void Dispose()
    {
        foreach (var r in _readers) r.Dispose();
    }
}
