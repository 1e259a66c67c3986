using Wirecase.Flows.Tcp;

namespace Wirecase.Cli.Output;

/// <summary>
/// The conversation rows of one capture file, kept by position in fixed-size chunks, so growing never copies them:
/// TCP rows at their stream number as the engine lets go of each connection (a stream that comes back is merged into
/// its row), UDP and IP rows one after the other.
/// </summary>
internal sealed class ConversationRowStore(string? file)
{
    private const int ChunkBits = 12;
    private const int ChunkSize = 1 << ChunkBits;
    private readonly List<ConversationRow[]> _chunks = [];
    // Which positions hold a row. Kept apart so that a new row is written without reading its slot first: reading a
    // fresh page maps the shared zero page and the write after it costs a TLB flush on every core (measured: a quarter
    // of the CPU time of a 5 M-frame run).
    private ulong[] _present = new ulong[64];
    private readonly HistoryStrings _histories = new();

    public string? File { get; } = file;

    /// <summary>One more than the highest position used.</summary>
    public int Length { get; private set; }

    /// <summary>The row at <paramref name="position"/>; check <see cref="Has"/> first (positions can be empty: a
    /// stream known only from an ICMP quote has no row).</summary>
    public ref readonly ConversationRow this[int position] => ref _chunks[position >> ChunkBits][position & (ChunkSize - 1)];

    public bool Has(int position) => (uint)position < (uint)Length && (_present[position >> 6] & (1UL << position)) != 0;

    /// <summary>For the TCP engine's retirement callback: the connection's row at its stream number.</summary>
    public void AddTcp(TcpConnection c)
    {
        if (c.OnlyInIcmpQuote) return;
        var row = ConversationRows.FromTcp(c, File, _histories.Of(c.HistorySpan));
        bool merge = Has(c.Stream);
        ref var slot = ref Slot(c.Stream);
        slot = merge ? ConversationRow.Merge(slot, row) : row;
    }

    public void Add(in ConversationRow row) => Slot(Length) = row;

    /// <summary>Makes every row's start relative to <paramref name="firstNs"/> (the first frame of the whole run).</summary>
    public void ShiftStarts(long firstNs)
    {
        for (int i = 0; i < Length; i++)
        {
            if (!Has(i)) continue;
            ref var row = ref Slot(i);
            row = row with { RelativeStartNs = row.RelativeStartNs - firstNs };
        }
    }

    /// <summary>The slot at <paramref name="position"/>, marked as holding a row (the caller writes it).</summary>
    private ref ConversationRow Slot(int position)
    {
        int chunk = position >> ChunkBits;
        while (_chunks.Count <= chunk) _chunks.Add(new ConversationRow[ChunkSize]);
        if (position >= Length) Length = position + 1;
        if ((position >> 6) >= _present.Length) Array.Resize(ref _present, Math.Max(_present.Length * 2, (position >> 6) + 1));
        _present[position >> 6] |= 1UL << position;
        return ref _chunks[chunk][position & (ChunkSize - 1)];
    }
}

/// <summary>Rows of several stores in a chosen order, without copying them.</summary>
internal sealed class ConversationRowList(IReadOnlyList<ConversationRowStore> stores, ConversationRowList.Position[] order)
    : IReadOnlyList<ConversationRow>
{
    public readonly record struct Position(int Store, int Index);

    public int Count => order.Length;

    public ConversationRow this[int index]
    {
        get
        {
            var p = order[index];
            return stores[p.Store][p.Index];
        }
    }

    public IEnumerator<ConversationRow> GetEnumerator()
    {
        for (int i = 0; i < order.Length; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
