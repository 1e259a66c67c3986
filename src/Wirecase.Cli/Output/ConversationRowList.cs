using Wirecase.Flows.Storage;

namespace Wirecase.Cli.Output;

/// <summary>
/// The rows of several <see cref="ConversationRowStore"/>s in a chosen order, for writing them out. Sorting keeps only a
/// key and a place per row in memory (24 bytes); the rows are then dealt, in one pass over the stores, into buckets of
/// consecutive ranks kept in temporary files, and each bucket is put in order in memory when its turn comes. So memory
/// holds one bucket of rows (at most 2 048, or a 64th of them all), not every row, and every file is read in order.
/// </summary>
internal sealed class ConversationRowList : IEnumerable<ConversationRow>, IDisposable
{
    private const int MinBucketRows = 2048;
    private const int MaxBuckets = 64;
    private const int ReadBlock = 256;

    private readonly IReadOnlyList<ConversationRowStore> _stores;
    private readonly int _bucketRows;
    private readonly ConversationRow[]? _single;           // all the rows in order, when they fit in one bucket
    private readonly SpillFile<RankedRow>[]? _buckets;      // otherwise the rows of ranks [b·size, (b+1)·size)

    private ConversationRowList(IReadOnlyList<ConversationRowStore> stores, int count, int bucketRows,
        ConversationRow[]? single, SpillFile<RankedRow>[]? buckets)
    {
        _stores = stores;
        Count = count;
        _bucketRows = bucketRows;
        _single = single;
        _buckets = buckets;
    }

    public int Count { get; }

    /// <summary>True when rows come from more than one capture file (each row then names its file).</summary>
    public bool HasFiles => _stores.Any(s => s.File is not null);

    /// <summary>The name of the capture file a row comes from, when several were given.</summary>
    public string? FileOf(in ConversationRow row) => _stores[row.FileIndex].File;

    /// <summary>The rows of all stores that <paramref name="keep"/> accepts, ordered by <paramref name="key"/> (largest
    /// first, except start and stream); ties keep the order the conversations appeared in. <paramref name="observe"/>
    /// sees each row listed once, in no particular order (for what a writer must know before the first row).</summary>
    public static ConversationRowList Select(IReadOnlyList<ConversationRowStore> stores,
        Func<ConversationRow, string?, bool>? keep, string key, Action<ConversationRow>? observe = null)
    {
        Func<ConversationRow, long> value = key switch
        {
            "bytes" => r => -r.Bytes,
            "start" => r => r.RelativeStartNs,
            "duration" => r => -r.DurationNs,
            "stream" => r => r.Tcp?.Stream ?? 0,
            "retransmissions" => r => -((r.Tcp?.RetransmissionsAToB ?? 0) + (r.Tcp?.RetransmissionsBToA ?? 0)),
            _ => r => -r.Frames,
        };
        // Sized once (rows written bound the rows shown): no growing, no copies.
        var sorted = new SortKey[stores.Sum(s => s.RecordCount)];
        int count = 0;
        var block = new ConversationRow[ReadBlock];
        for (int s = 0; s < stores.Count; s++)
        {
            var store = stores[s];
            ForEachShown(store, block, (number, row) =>
            {
                if (keep is null || keep(row, store.File))
                    sorted[count++] = new SortKey(value(row), s, ConversationRowStore.PositionOf(number, row), checked((int)number));
            });
        }
        Array.Sort(sorted, 0, count);
        // Each shown row's rank, by store and row number (rank + 1; 0: not listed).
        var ranks = new int[stores.Count][];
        for (int s = 0; s < stores.Count; s++) ranks[s] = new int[stores[s].RecordCount];
        for (int i = 0; i < count; i++) ranks[sorted[i].Store][sorted[i].Record] = i + 1;
        sorted = null;

        int bucketRows = Math.Max(MinBucketRows, (count + MaxBuckets - 1) / MaxBuckets);
        if (count <= bucketRows)
        {
            var single = new ConversationRow[count];
            for (int s = 0; s < stores.Count; s++)
            {
                var rank = ranks[s];
                ForEachShown(stores[s], block, (number, row) =>
                {
                    if (rank[number] == 0) return;
                    single[rank[number] - 1] = row;
                    observe?.Invoke(row);
                });
            }
            return new ConversationRowList(stores, count, bucketRows, single, null);
        }
        var buckets = new SpillFile<RankedRow>[(count + bucketRows - 1) / bucketRows];
        for (int b = 0; b < buckets.Length; b++) buckets[b] = new SpillFile<RankedRow>(bufferBytes: 16 << 10);
        for (int s = 0; s < stores.Count; s++)
        {
            var rank = ranks[s];
            ForEachShown(stores[s], block, (number, row) =>
            {
                int r = rank[number] - 1;
                if (r < 0) return;
                buckets[r / bucketRows].Append(new RankedRow(r, row));
                observe?.Invoke(row);
            });
        }
        return new ConversationRowList(stores, count, bucketRows, null, buckets);
    }

    public IEnumerator<ConversationRow> GetEnumerator()
    {
        if (_single is not null)
        {
            for (int i = 0; i < _single.Length; i++) yield return _single[i];
            yield break;
        }
        var bucket = new RankedRow[_bucketRows];
        var order = new int[_bucketRows];
        for (int b = 0; b < _buckets!.Length; b++)
        {
            int n = _buckets[b].Read(0, bucket);
            int first = b * _bucketRows;
            for (int i = 0; i < n; i++) order[bucket[i].Rank - first] = i;
            for (int i = 0; i < n; i++) yield return bucket[order[i]].Row;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    public void Dispose()
    {
        if (_buckets is null) return;
        foreach (var b in _buckets) b.Dispose();
    }

    /// <summary>Calls <paramref name="action"/> with each row of <paramref name="store"/> that is shown, in the order
    /// they were written (the file is read in blocks).</summary>
    private static void ForEachShown(ConversationRowStore store, ConversationRow[] block, Action<long, ConversationRow> action)
    {
        for (long start = 0; start < store.RecordCount;)
        {
            int n = store.Read(start, block);
            for (int i = 0; i < n; i++)
                if (store.IsShown(start + i, block[i])) action(start + i, block[i]);
            start += n;
        }
    }

    private readonly record struct RankedRow(int Rank, ConversationRow Row);

    /// <summary>A row's sort value, then its place in appearance order (store, position) as the tie-break, and where the
    /// row is (its number in the store).</summary>
    private readonly record struct SortKey(long Value, int Store, int Position, int Record) : IComparable<SortKey>
    {
        public int CompareTo(SortKey other) =>
            Value != other.Value ? Value.CompareTo(other.Value)
            : Store != other.Store ? Store.CompareTo(other.Store)
            : Position.CompareTo(other.Position);
    }
}
