namespace Wirecase.Flows.Tcp;

/// <summary>
/// <see cref="RememberedConnections"/>' index: a 64-bit hash of each retired 4-tuple to its <see cref="RememberedTuple"/>,
/// in one array of 32-byte slots (open addressing, linear probing, at most half full, removal by shifting back). A
/// <see cref="Dictionary{TKey,TValue}"/> went through a bucket array and an entry array, two cache misses per lookup on
/// a table this size, and could not be told to fetch a slot ahead of time.
/// </summary>
internal sealed class RememberedIndex
{
    private struct Slot
    {
        public ulong Hash;   // 0: empty (a hash of 0 is stored as 1)
        public RememberedTuple Tuple;
    }

    private Slot[] _slots = new Slot[1024];
    private int _shift = 64 - 10;

    public int Count { get; private set; }

    public bool TryGetValue(ulong hash, out RememberedTuple tuple)
    {
        hash = Stored(hash);
        var slots = _slots;
        int mask = slots.Length - 1;
        for (int i = Home(hash); slots[i].Hash != 0; i = (i + 1) & mask)
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

    /// <summary>The slot of <paramref name="hash"/>, made (with a default tuple) if there is none.</summary>
    public ref RememberedTuple GetOrAdd(ulong hash, out bool existed)
    {
        if ((Count + 1) * 2 > _slots.Length) Grow();
        hash = Stored(hash);
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = Home(hash);
        for (; slots[i].Hash != 0; i = (i + 1) & mask)
        {
            if (slots[i].Hash == hash)
            {
                existed = true;
                return ref slots[i].Tuple;
            }
        }
        slots[i].Hash = hash;
        slots[i].Tuple = default;
        Count++;
        existed = false;
        return ref slots[i].Tuple;
    }

    public bool Remove(ulong hash)
    {
        hash = Stored(hash);
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = Home(hash);
        for (; slots[i].Hash != hash; i = (i + 1) & mask)
            if (slots[i].Hash == 0) return false;
        // Backward shift: move each following entry that may live at i (its home is not between i and it) into i.
        for (int j = (i + 1) & mask; slots[j].Hash != 0; j = (j + 1) & mask)
        {
            if (((j - Home(slots[j].Hash)) & mask) >= ((j - i) & mask))
            {
                slots[i] = slots[j];
                i = j;
            }
        }
        slots[i] = default;
        Count--;
        return true;
    }

    /// <summary>Prefetches the slot where a lookup of <paramref name="hash"/> starts (see <see cref="CachePrefetch"/>).</summary>
    public void Prefetch(ulong hash) => CachePrefetch.At(ref _slots[Home(Stored(hash))]);

    public void Clear()
    {
        _slots = new Slot[1024];
        _shift = 64 - 10;
        Count = 0;
    }

    private static ulong Stored(ulong hash) => hash == 0 ? 1 : hash;

    // The hash is already well mixed (XxHash3): its top bits choose the slot.
    private int Home(ulong hash) => (int)(hash >> _shift);

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _shift--;
        int mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Hash == 0) continue;
            int i = Home(slot.Hash);
            while (_slots[i].Hash != 0) i = (i + 1) & mask;
            _slots[i] = slot;
        }
    }
}
