namespace Wirecase.Flows.Tcp;

/// <summary>
/// The segments one side has sent and the other has not yet acknowledged, in the order they were sent (retransmissions
/// appended again). A growable ring of structs, capped at <see cref="MaxSegments"/> like Wireshark's list
/// (TCP_MAX_UNACKED_SEGMENTS) so a capture without the ACK direction cannot grow it without bound.
/// </summary>
internal struct UnackedSegments
{
    /// <summary>Past this many unacknowledged segments new ones are not tracked (their ACK RTT is not measured).</summary>
    public const int MaxSegments = 10_000;

    /// <summary>24 bytes: the retransmission mark shares the frame number's sign bit.</summary>
    public struct Segment
    {
        private long _frameAndMark;
        public uint Seq;
        public uint NextSeq;
        public long TimestampNs;

        public long Frame
        {
            readonly get => _frameAndMark & long.MaxValue;
            set => _frameAndMark = (_frameAndMark & long.MinValue) | (value & long.MaxValue);
        }

        /// <summary>The segment was a retransmission: its ACK is ambiguous and gives no RTT sample (Karn).</summary>
        public bool Retransmitted
        {
            readonly get => _frameAndMark < 0;
            set => _frameAndMark = value ? _frameAndMark | long.MinValue : _frameAndMark & long.MaxValue;
        }
    }

    /// <summary>Arrays of <see cref="SmallCapacity"/> segments given back by finished connections, reused by new
    /// ones: a capture of millions of short connections then allocates a handful. One pool per thread (an analyzer
    /// runs on one thread), bounded.</summary>
    private const int SmallCapacity = 4;
    private const int PoolLimit = 4096;
    [ThreadStatic] private static Stack<Segment[]>? t_pool;

    private Segment[]? _itemsOrNull;

    private Segment[] _items
    {
        readonly get => _itemsOrNull ?? [];
        set => _itemsOrNull = value;
    }
    private int _head;
    private int _count;

    public readonly int Count => _count;

    /// <summary>True while both seq and next-seq never decrease along the list (the usual case: retransmissions of
    /// older data break it). Then acknowledgments and bytes in flight need only the ends of the list.</summary>
    /// <remarks>Stored inverted so that a zeroed struct (no segments) reads as sorted.</remarks>
    public readonly bool Sorted => !_unsorted;
    private bool _unsorted;

    public readonly ref Segment this[int i] => ref _itemsOrNull![(_head + i) & (_itemsOrNull.Length - 1)];

    public bool TryAdd(long frame, uint seq, uint nextSeq, long timestampNs, bool retransmitted = false)
    {
        if (_count >= MaxSegments) return false;
        if (_count > 0)
        {
            ref var last = ref this[_count - 1];
            if (unchecked((int)(seq - last.Seq)) < 0 || unchecked((int)(nextSeq - last.NextSeq)) < 0) _unsorted = true;
        }
        if (_count == _items.Length) Grow();
        ref var s = ref _items[(_head + _count) & (_items.Length - 1)];
        s.Frame = frame;
        s.Seq = seq;
        s.NextSeq = nextSeq;
        s.TimestampNs = timestampNs;
        s.Retransmitted = retransmitted;
        _count++;
        return true;
    }

    /// <summary>The lowest sequence and highest next-sequence of the list, relative to <paramref name="baseSeq"/>
    /// (compared as unsigned offsets, as Wireshark does for bytes in flight).</summary>
    public void RelativeSpan(uint baseSeq, out uint first, out uint last)
    {
        ref var s0 = ref this[0];
        first = s0.Seq - baseSeq;
        last = s0.NextSeq - baseSeq;
        if (!_unsorted)
        {
            // In order and not wrapping past the base: the ends of the list are the extremes.
            uint tail = this[_count - 1].NextSeq - baseSeq;
            if (first <= tail)
            {
                if (tail > last) last = tail;
                return;
            }
        }
        for (int i = 1; i < _count; i++)
        {
            ref var s = ref this[i];
            uint seq = s.Seq - baseSeq, next = s.NextSeq - baseSeq;
            if (next > last) last = next;
            if (seq < first) first = seq;
        }
    }

    /// <summary>Removes the segments for which <paramref name="remove"/> was set (order kept).</summary>
    public void Compact(Span<bool> remove)
    {
        int write = 0;
        for (int read = 0; read < _count; read++)
        {
            if (remove[read]) continue;
            if (write != read) this[write] = this[read];
            write++;
        }
        _count = write;
        RecomputeSorted();
    }

    /// <summary>Gives the array back once nothing is outstanding (the connection is over).</summary>
    public void ReleaseIfEmpty()
    {
        if (_count != 0 || _itemsOrNull is null) return;
        GiveBack(_itemsOrNull);
        _itemsOrNull = null;
        _head = 0;
    }

    /// <summary>Forgets every segment and gives the array back (the connection is being let go of).</summary>
    public void Release()
    {
        _count = 0;
        _unsorted = false;
        ReleaseIfEmpty();
    }

    /// <summary>Removes the first segment.</summary>
    public void PopFront()
    {
        _head = (_head + 1) & (_items.Length - 1);
        _count--;
        if (_count == 0) Reset();
    }

    private void Reset()
    {
        _head = 0;
        _unsorted = false;
    }

    private void RecomputeSorted()
    {
        if (_count == 0)
        {
            Reset();
            return;
        }
        _unsorted = false;
        for (int i = 1; i < _count && !_unsorted; i++)
        {
            ref var a = ref this[i - 1];
            ref var b = ref this[i];
            if (unchecked((int)(b.Seq - a.Seq)) < 0 || unchecked((int)(b.NextSeq - a.NextSeq)) < 0) _unsorted = true;
        }
    }

    private void Grow()
    {
        // Most connections are short, and a capture can hold millions of them: start small, from the pool.
        // Larger arrays (a bulk transfer's window) come from the shared array pool and go back to it, so a capture of
        // many bulk transfers one after the other does not leave a trail of large garbage.
        Segment[] bigger;
        if (_itemsOrNull is null && t_pool is { Count: > 0 } pool) bigger = pool.Pop();
        else if (_itemsOrNull is null) bigger = new Segment[SmallCapacity];
        else bigger = System.Buffers.ArrayPool<Segment>.Shared.Rent(_itemsOrNull.Length * 2);
        for (int i = 0; i < _count; i++) bigger[i] = this[i];
        if (_itemsOrNull is not null) GiveBack(_itemsOrNull);
        _items = bigger;
        _head = 0;
    }

    private static void GiveBack(Segment[] items)
    {
        if (items.Length == SmallCapacity)
        {
            var pool = t_pool ??= new Stack<Segment[]>();
            if (pool.Count < PoolLimit) pool.Push(items);
        }
        else if (items.Length > SmallCapacity) System.Buffers.ArrayPool<Segment>.Shared.Return(items);
    }
}
