using Wirecase.Flows.Storage;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// <see cref="RememberedConnections"/>' index: a 64-bit hash of each retired 4-tuple to its <see cref="RememberedTuple"/>,
/// in one array of 24-byte slots (open addressing, linear probing, at most three quarters full, removal by shifting
/// back). A <see cref="Dictionary{TKey,TValue}"/> went through a bucket array and an entry array, two cache misses per
/// lookup on a table this size, and could not be told to fetch a slot ahead of time. A slot keeps the tuple's four flag
/// bits in the low bits of the hash, so 60 of its 64 bits tell 4-tuples apart (the tuple's own 32-bit check adds to that).
/// The table grows with the distinct 4-tuples of the capture, so it lives outside the garbage-collected heap
/// (<see cref="NativeArray{T}"/>: each smaller array is freed as it is outgrown) and is fuller than the connection index
/// (it is looked up only when a segment's connection is not held, and a probe run of a few slots is one or two cache
/// lines).
/// </summary>
internal sealed class RememberedIndex : IDisposable
{
    private struct Slot
    {
        public ulong HashAndFlags;   // 0: empty
        public int Record;
        public int Check;
        public uint OriginatorBaseSeq;
        public uint ResponderBaseSeq;

        public readonly ulong Hash => HashAndFlags & ~FlagBits;

        public readonly RememberedTuple Tuple =>
            new(Record, Check, OriginatorBaseSeq, ResponderBaseSeq, (byte)(HashAndFlags & FlagBits));

        public static Slot Of(ulong storedHash, in RememberedTuple t) => new()
        {
            HashAndFlags = storedHash | t.Flags,
            Record = t.Record,
            Check = t.Check,
            OriginatorBaseSeq = t.OriginatorBaseSeq,
            ResponderBaseSeq = t.ResponderBaseSeq,
        };
    }

    private const ulong FlagBits = 0xF;

    private readonly struct Rules(int shift) : ISlotRules<Slot>
    {
        public bool IsEmpty(in Slot slot) => slot.HashAndFlags == 0;
        public int Home(in Slot slot) => HomeOf(slot.Hash, shift);
    }

    private const int InitialBits = 10;
    private NativeArray<Slot> _array = new(1 << InitialBits);
    private int _shift = 64 - InitialBits;

    public int Count { get; private set; }

    public bool TryGetValue(ulong hash, out RememberedTuple tuple)
    {
        hash = Stored(hash);
        var slots = _array.Span;
        int mask = slots.Length - 1;
        for (int i = Home(hash); slots[i].HashAndFlags != 0; i = (i + 1) & mask)
        {
            if (slots[i].Hash == hash)
            {
                tuple = slots[i].Tuple;
                return true;
            }
        }
        tuple = default;
        return false;
    }

    /// <summary>Adds <paramref name="tuple"/> under <paramref name="hash"/>, or, when the hash is there already, gives
    /// what it holds and changes nothing.</summary>
    public bool TryAdd(ulong hash, in RememberedTuple tuple, out RememberedTuple existing)
    {
        if ((Count + 1) * 4L > _array.Length * 3L) Grow();
        hash = Stored(hash);
        var slots = _array.Span;
        int mask = slots.Length - 1;
        int i = Home(hash);
        for (; slots[i].HashAndFlags != 0; i = (i + 1) & mask)
        {
            if (slots[i].Hash == hash)
            {
                existing = slots[i].Tuple;
                return false;
            }
        }
        slots[i] = Slot.Of(hash, tuple);
        Count++;
        existing = default;
        return true;
    }

    /// <summary>Replaces what <paramref name="hash"/> holds (it must be there).</summary>
    public void Replace(ulong hash, in RememberedTuple tuple)
    {
        hash = Stored(hash);
        var slots = _array.Span;
        int mask = slots.Length - 1;
        int i = Home(hash);
        while (slots[i].Hash != hash)
        {
            if (slots[i].HashAndFlags == 0) throw new InvalidOperationException("no such hash");
            i = (i + 1) & mask;
        }
        slots[i] = Slot.Of(hash, tuple);
    }

    public bool Remove(ulong hash)
    {
        hash = Stored(hash);
        var slots = _array.Span;
        int mask = slots.Length - 1;
        int i = Home(hash);
        for (; slots[i].Hash != hash; i = (i + 1) & mask)
            if (slots[i].HashAndFlags == 0) return false;
        LinearProbing.RemoveAt(slots, i, new Rules(_shift));
        Count--;
        return true;
    }

    /// <summary>Prefetches the slot where a lookup of <paramref name="hash"/> starts (see <see cref="CachePrefetch"/>).</summary>
    public void Prefetch(ulong hash) => CachePrefetch.At(ref _array.Span[Home(Stored(hash))]);

    public void Clear()
    {
        _array.Dispose();
        _array = new(1 << InitialBits);
        _shift = 64 - InitialBits;
        Count = 0;
    }

    public void Dispose() => _array.Dispose();

    /// <summary>The hash as a slot keeps it: without the flag bits, and never 0 (the mark of an empty slot).</summary>
    private static ulong Stored(ulong hash) => (hash & ~FlagBits) == 0 ? FlagBits + 1 : hash & ~FlagBits;

    // The hash is already well mixed (XxHash3): its top bits choose the slot.
    private int Home(ulong hash) => HomeOf(hash, _shift);

    private static int HomeOf(ulong hash, int shift) => (int)(hash >> shift);

    private void Grow()
    {
        var old = _array;
        _array = new NativeArray<Slot>(old.Length * 2);
        _shift--;
        LinearProbing.Reinsert(old.Span, _array.Span, new Rules(_shift));
        old.Dispose();
    }
}
