namespace Wirecase.Cli.Output;

/// <summary>
/// The rows of several <see cref="ConversationRowStore"/>s in their selection's order, for writing them out: the sorted
/// runs of every store merged as they are read (at most <see cref="MaxRunsPerStore"/> runs per store, each read in
/// small blocks), so memory holds a block per run, not the rows.
/// </summary>
internal sealed class ConversationRowList : IEnumerable<ConversationRow>
{
    /// <summary>Runs merged at once per store (a block of ~16 KB each); a store with more merges them in passes first.</summary>
    public const int MaxRunsPerStore = 128;

    private readonly IReadOnlyList<ConversationRowStore> _stores;
    private readonly IReadOnlyList<long>[] _runs;

    private ConversationRowList(IReadOnlyList<ConversationRowStore> stores, IReadOnlyList<long>[] runs)
    {
        _stores = stores;
        _runs = runs;
        Count = checked((int)stores.Sum(s => s.Shown));
    }

    public int Count { get; }

    /// <summary>True when rows come from more than one capture file (each row then names its file).</summary>
    public bool HasFiles => _stores.Any(s => s.File is not null);

    /// <summary>The name of the capture file a row comes from, when several were given.</summary>
    public string? FileOf(in ConversationRow row) => _stores[row.FileIndex].File;

    /// <summary>The listed rows of all stores (indexed by file index), once every row has been added.</summary>
    public static ConversationRowList Merge(IReadOnlyList<ConversationRowStore> stores, int maxRunsPerStore = MaxRunsPerStore) =>
        new(stores, stores.Select(s => s.Seal(maxRunsPerStore)).ToArray());

    /// <summary>Reads the rows in order, a batch at a time.</summary>
    public Reader Open()
    {
        var readers = new List<ConversationRowStore.RunReader>();
        for (int s = 0; s < _stores.Count; s++)
            for (int r = 0; r < _runs[s].Count; r++) readers.Add(_stores[s].Reader(r));
        return new Reader(new ConversationRowStore.RunMerger(readers));
    }

    public IEnumerator<ConversationRow> GetEnumerator()
    {
        var merger = Open().Merger;
        while (merger.MoveNext()) yield return merger.From.Store.Listed(merger.Current);
    }

    /// <summary>The rows in order, copied straight into the caller's batches.</summary>
    internal sealed class Reader(ConversationRowStore.RunMerger merger)
    {
        internal ConversationRowStore.RunMerger Merger => merger;

        /// <summary>Fills <paramref name="batch"/> with the next rows; returns how many (0 at the end).</summary>
        public int Read(Span<ConversationRow> batch)
        {
            int n = 0;
            while (n < batch.Length && merger.MoveNext()) batch[n++] = merger.From.Store.Listed(merger.Current);
            return n;
        }
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
