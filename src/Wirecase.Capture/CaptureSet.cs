namespace Wirecase.Capture;

/// <summary>
/// Several files read as one timeline merged by timestamp, each frame still numbered within its own file. Ties keep
/// file order; records without a timestamp stay in place within their file. Files that cannot be opened are reported
/// in <see cref="OpenErrors"/> and the others are read.
/// <para>While reading, the set tells apart files that follow each other in time (a ring buffer such as
/// <c>dumpcap -b files:80</c>, chained Network Monitor files: one capture point) from files whose times overlap
/// (captures taken at the same time at different points): a file whose first frame comes after every file of a point
/// has ended continues that point; a file that starts while every point still has frames to come is a new point. See
/// <see cref="CurrentPoint"/> and <see cref="CurrentFrameId"/>.</para>
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
    // Capture points found so far: the files of each, in time order; per file its point, position in it, and state.
    private readonly List<List<int>> _points = [];
    private int[] _pointOf = [];
    private int[] _ordinal = [];
    private bool[] _finished = [];
    private long[] _lastTimestamp = [];
    private int[]? _assignedPoints;
    private long[]? _mergeShift;

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

    /// <summary>Fixes each file's capture point instead of inferring it from the times (for files known to be taken at
    /// different points even when their times do not overlap, such as a capture whose clock is off). Call before
    /// reading; <paramref name="pointOfFile"/> holds a point index (0, 1, …) per file of <see cref="Readers"/>.</summary>
    /// <param name="mergeShiftNs">Optional, per file: subtracted from its timestamps when merging (not from the times it
    /// reports), so that files from a clock known to be off interleave with the others where their packets happened.</param>
    public void AssignPoints(IReadOnlyList<int> pointOfFile, IReadOnlyList<long>? mergeShiftNs = null)
    {
        if (_started) throw new InvalidOperationException("points are assigned before reading");
        if (pointOfFile.Count != _readers.Count) throw new ArgumentException("one point per file", nameof(pointOfFile));
        if (mergeShiftNs is not null && mergeShiftNs.Count != _readers.Count) throw new ArgumentException("one shift per file", nameof(mergeShiftNs));
        _assignedPoints = [.. pointOfFile];
        _mergeShift = mergeShiftNs is null ? null : [.. mergeShiftNs];
    }

    public IReadOnlyList<CaptureReader> Readers => _readers;
    public IReadOnlyList<CaptureException> OpenErrors => _openErrors;

    /// <summary>The reader the current frame comes from.</summary>
    public CaptureReader CurrentReader => _readers[_current];
    /// <summary>Index in <see cref="Readers"/> of the current frame's file.</summary>
    public int CurrentFileIndex => _current;
    public CaptureFrame Current => _readers[_current].Current;

    /// <summary>The capture point the current frame belongs to (0 for the first point found).</summary>
    public int CurrentPoint => _pointOf.Length == 0 ? 0 : _pointOf[_current];

    /// <summary>The current frame's identity within its capture point: Wireshark's frame number for the point's first
    /// file, and <see cref="FrameId"/>-encoded (file position and number) for the files that continue it.</summary>
    public long CurrentFrameId => FrameId.Make(_ordinal.Length == 0 ? 0 : _ordinal[_current], Current.Number);

    /// <summary>The capture points found so far: indexes in <see cref="Readers"/> of each point's files, in time order.</summary>
    public IReadOnlyList<IReadOnlyList<int>> Points => _readers.Count == 1 && _assignedPoints is null ? [[0]] : _points;

    public bool MoveNext()
    {
        if (_readers.Count == 1 && _assignedPoints is null)
        {
            _current = 0;
            return _readers[0].MoveNext();
        }
        if (!_started)
        {
            _started = true;
            int n = _readers.Count;
            _pointOf = new int[n];
            Array.Fill(_pointOf, -1);
            _ordinal = new int[n];
            _finished = new bool[n];
            _lastTimestamp = new long[n];
            for (int i = 0; i < n; i++) Advance(i);
        }
        else if (_current >= 0)
        {
            Advance(_current);
        }
        if (!_pending.TryDequeue(out _current, out _)) return false;
        if (_pointOf[_current] < 0) PlaceInPoint(_current);
        if (_readers[_current].Current.HasTimestamp) _lastTimestamp[_current] = _readers[_current].CurrentTimestampNs;
        return true;
    }

    private void Advance(int file)
    {
        var reader = _readers[file];
        if (reader.MoveNext()) _pending.Enqueue(file, (reader.CurrentTimestampNs - (_mergeShift?[file] ?? 0), file));
        else _finished[file] = true;
    }

    /// <summary>At a file's first frame: it continues the point whose files have all ended (the one that ended last),
    /// or, when every point still has frames to come, it is a capture point of its own.</summary>
    private void PlaceInPoint(int file)
    {
        if (_assignedPoints is { } assigned)
        {
            int point = assigned[file];
            while (_points.Count <= point) _points.Add([]);
            _pointOf[file] = point;
            _ordinal[file] = _points[point].Count;
            _points[point].Add(file);
            return;
        }
        int best = -1;
        long bestEnd = long.MinValue;
        for (int p = 0; p < _points.Count; p++)
        {
            int last = _points[p][^1];
            if (!_finished[last]) continue;
            if (_lastTimestamp[last] >= bestEnd)
            {
                best = p;
                bestEnd = _lastTimestamp[last];
            }
        }
        if (best < 0)
        {
            best = _points.Count;
            _points.Add([]);
        }
        _pointOf[file] = best;
        _ordinal[file] = _points[best].Count;
        _points[best].Add(file);
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
