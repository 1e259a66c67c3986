using Wirecase.Flows.Storage;

namespace Wirecase.Cli.Output;

/// <summary>
/// The conversation rows of one capture file, put in order as they are made and kept in a temporary file, so that a
/// capture with millions of connections does not keep millions of rows in memory. Rows gather in memory up to
/// <see cref="RunRows"/>, are sorted and written as one run; <see cref="ConversationRowList"/> merges the runs at the
/// end (an external merge sort: each row is written once and read once). A TCP row is found again by its stream
/// number: a stream that comes back after the engine let go of it is merged with its earlier row — in place while that
/// row is still in memory, else the merged row is added again and the earlier one, left in its run, is passed over.
/// Rows the selection does not list are not kept.
/// </summary>
internal sealed class ConversationRowStore : IDisposable
{
    /// <summary>Rows sorted in memory before they go to the file as one run (about 2.7 MB).</summary>
    public const int RunRows = 8192;
    private const int ChunkBits = 12;
    // Pending rows in chunks of this many (under the large-object size), each made once and reused for every run: an
    // array grown by doubling would leave 2.6 MB of outgrown arrays that a run which hardly allocates never collects.
    private const int PendingChunkBits = 8;

    private readonly ConversationSelection _selection;
    private SpillFile<StoredRow> _rows = new();
    private List<long> _runStarts = [];
    private readonly List<StoredRow[]> _pending = [];
    private int[] _order = [];
    private (long Value, int Position)[] _keys = [];
    private int _pendingCount;
    private int _appeared;   // position of the next UDP or IP row in appearance order
    // Per TCP stream, in chunks: 0 no row; n > 0: the row is number n - 1 of the file; n < 0: pending row -n - 1.
    private readonly List<int[]> _latest = [];
    private bool _rowsAllCurrent;   // after runs were merged into fewer: no earlier parts left to pass over
    private long _firstNs;
    private string? _replacedProblem;   // of the file whose runs were merged into fewer

    private readonly int _runRows;

    /// <param name="runRows">Rows per sorted run (tests make it small).</param>
    public ConversationRowStore(string? file, int fileIndex, ConversationSelection selection, int runRows = RunRows)
    {
        _runRows = Math.Max(1, runRows);
        File = file;
        FileIndex = fileIndex;
        _selection = selection;
    }

    /// <summary>The capture file's name when several were given, else null.</summary>
    public string? File { get; }

    public int FileIndex { get; }

    /// <summary>Why rows went to memory instead of the temporary file, or null.</summary>
    public string? SpillProblem => _rows.Problem ?? _replacedProblem;

    /// <summary>The rows that will be listed (a stream in several parts counts once).</summary>
    public long Shown { get; private set; }

    /// <summary>A UDP or IP row: each conversation comes once.</summary>
    public void Add(in ConversationRow row) => Add(row, stream: -1);

    /// <summary>A row of TCP stream <paramref name="stream"/> (merged with the stream's earlier row, if any), or with
    /// -1 a conversation that comes once.</summary>
    internal void Add(ConversationRow row, int stream)
    {
        bool counted = false;
        if (stream >= 0)
        {
            ref int latest = ref Latest(stream);
            if (latest < 0)
            {
                ref var earlier = ref Pending(-latest - 1);
                earlier.Row = ConversationRow.Merge(earlier.Row, row);
                earlier.Value = _selection.ValueOf(earlier.Row);
                return;
            }
            if (latest > 0)
            {
                row = ConversationRow.Merge(_rows.Read(latest - 1).Row, row);
                counted = true;
            }
        }
        // The filter sees the same stream and endpoints in every part of a stream: a part it drops leaves no row.
        if (!counted)
        {
            if (!_selection.Keeps(row, File)) return;
            Shown++;
            _selection.Observe(row);
        }
        if (_pendingCount >= _runRows) WriteRun();
        if (_pendingCount == _pending.Count << PendingChunkBits) _pending.Add(new StoredRow[1 << PendingChunkBits]);
        int position = stream >= 0 ? stream : _appeared++;
        Pending(_pendingCount) = new StoredRow(row, _selection.ValueOf(row), position, stream);
        if (stream >= 0) Latest(stream) = -(_pendingCount + 1);
        _pendingCount++;
    }

    /// <summary>Rows listed from here on have their start relative to <paramref name="firstNs"/> (the first frame of the
    /// whole run).</summary>
    public void ShiftStarts(long firstNs) => _firstNs = firstNs;

    /// <summary>Writes what is still in memory as the last run and, when there are more runs than
    /// <paramref name="maxRuns"/>, merges them into fewer (each such pass reads and writes every row once more).</summary>
    public IReadOnlyList<long> Seal(int maxRuns)
    {
        if (_pendingCount > 0) WriteRun();
        _pending.Clear();
        _order = [];
        _keys = [];
        while (_runStarts.Count > maxRuns)
        {
            var merged = new SpillFile<StoredRow>();
            var starts = new List<long>();
            for (int first = 0; first < _runStarts.Count; first += maxRuns)
            {
                starts.Add(merged.Count);
                var readers = new List<RunReader>();
                for (int r = first; r < Math.Min(first + maxRuns, _runStarts.Count); r++) readers.Add(Reader(r));
                var merger = new RunMerger(readers);
                while (merger.MoveNext()) merged.Append(merger.Current);
            }
            _replacedProblem ??= _rows.Problem;
            _rows.Dispose();
            _rows = merged;
            _runStarts = starts;
            _rowsAllCurrent = true;
        }
        return _runStarts;
    }

    /// <summary>Reads run <paramref name="run"/> (after <see cref="Seal"/>) in order, passing over earlier parts of streams.</summary>
    public RunReader Reader(int run) =>
        new(this, _runStarts[run], run + 1 < _runStarts.Count ? _runStarts[run + 1] : _rows.Count);

    /// <summary>The row as listed: its start relative to the run's first frame.</summary>
    public ConversationRow Listed(in StoredRow stored) =>
        _firstNs == 0 ? stored.Row : stored.Row with { RelativeStartNs = stored.Row.RelativeStartNs - _firstNs };

    public void Dispose() => _rows.Dispose();

    private void WriteRun()
    {
        // Reused for every run: a new key array per run would be a large-object allocation each time.
        if (_order.Length < _pendingCount)
        {
            _order = new int[_runRows];
            _keys = new (long Value, int Position)[_runRows];
        }
        var order = _order.AsSpan(0, _pendingCount);
        var keys = _keys.AsSpan(0, _pendingCount);
        for (int i = 0; i < _pendingCount; i++)
        {
            order[i] = i;
            ref var row = ref Pending(i);
            keys[i] = (row.Value, row.Position);
        }
        keys.Sort(order);
        _runStarts.Add(_rows.Count);
        foreach (int i in order)
        {
            ref var row = ref Pending(i);
            long number = _rows.Append(row);
            if (row.Stream >= 0) Latest(row.Stream) = checked((int)number + 1);
        }
        _pendingCount = 0;
    }

    private ref StoredRow Pending(int i) => ref _pending[i >> PendingChunkBits][i & ((1 << PendingChunkBits) - 1)];

    private ref int Latest(int stream)
    {
        int chunk = stream >> ChunkBits;
        while (_latest.Count <= chunk) _latest.Add(new int[1 << ChunkBits]);
        return ref _latest[chunk][stream & ((1 << ChunkBits) - 1)];
    }

    /// <summary>A row as it waits in a run: with its sort value, its place in appearance order (the tie-break) and
    /// its stream (TCP) or -1.</summary>
    internal record struct StoredRow(ConversationRow Row, long Value, int Position, int Stream);

    /// <summary>One run's rows in order, read in blocks.</summary>
    internal sealed class RunReader(ConversationRowStore store, long start, long end)
    {
        private const int BlockRows = 48;
        private readonly StoredRow[] _block = new StoredRow[(int)Math.Clamp(end - start, 1, BlockRows)];
        private long _next = start;   // file number of _block[_at]
        private int _at, _count;

        public ConversationRowStore Store => store;

        /// <summary>The row <see cref="MoveNext"/> reached (in the reader's block: valid until the next call).</summary>
        public ref readonly StoredRow Current => ref _block[_at - 1];

        /// <summary>On to the next row of the run that is listed; false at the end.</summary>
        public bool MoveNext()
        {
            while (true)
            {
                if (_at == _count)
                {
                    if (_next >= end) return false;
                    _count = store._rows.Read(_next, _block.AsSpan(0, (int)Math.Min(_block.Length, end - _next)));
                    _at = 0;
                }
                ref readonly var row = ref _block[_at++];
                long number = _next++;
                if (store._rowsAllCurrent || row.Stream < 0 || store.Latest(row.Stream) == number + 1) return true;
            }
        }
    }

    /// <summary>The rows of several runs in one order: sort value, then capture file, then appearance. Rows are read
    /// where they lie in their run's block, not copied on the way (they are large and there can be millions).</summary>
    internal sealed class RunMerger
    {
        private readonly PriorityQueue<RunReader, (long Value, int File, int Position)> _heap;
        private RunReader? _from;

        public RunMerger(IReadOnlyList<RunReader> readers)
        {
            _heap = new(readers.Count);
            foreach (var r in readers)
                if (r.MoveNext()) _heap.Enqueue(r, OrderOf(r));
        }

        /// <summary>The run the current row comes from.</summary>
        public RunReader From => _from!;

        /// <summary>The row <see cref="MoveNext"/> reached: valid until the next call.</summary>
        public ref readonly StoredRow Current => ref _from!.Current;

        public bool MoveNext()
        {
            // The run of the row given last moves on only now: its block held that row until this call.
            if (_from is not null && _from.MoveNext()) _heap.Enqueue(_from, OrderOf(_from));
            return _heap.TryDequeue(out _from, out _);
        }

        private static (long, int, int) OrderOf(RunReader r) => (r.Current.Value, r.Store.FileIndex, r.Current.Position);
    }
}
