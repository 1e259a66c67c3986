using Wirecase.Flows.Storage;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// The connections held by a <see cref="TcpConnectionTable"/>, found by 4-tuple: open addressing with linear probing
/// in one array of 16-byte slots (the 4-tuple's hash and the connection, whose own <see cref="TcpConnection.Key"/> is
/// compared), kept at most half full; removal shifts the following slots back instead of leaving tombstones. A lookup
/// usually touches one slot and then the connection it needs anyway, where a <see cref="Dictionary{TKey,TValue}"/>
/// goes through a bucket and an 80-byte entry holding a copy of the key: on captures with hundreds of thousands of
/// short connections those were a seventh of the tracking thread's time.
/// </summary>
internal sealed class ConnectionIndex
{
    private struct Slot
    {
        public int Hash;
        public TcpConnection? Connection;   // null: empty
    }

    private readonly struct Rules(int shift) : ISlotRules<Slot>
    {
        public bool IsEmpty(in Slot slot) => slot.Connection is null;
        public int Home(in Slot slot) => HomeOf(slot.Hash, shift);
    }

    private Slot[] _slots;
    private int _shift;   // slot of a hash: its Fibonacci product's top bits

    public ConnectionIndex(int capacity = 1024)
    {
        int bits = Math.Max(4, 64 - (int)ulong.LeadingZeroCount((ulong)Math.Max(1, capacity) * 2 - 1));
        _slots = new Slot[1 << bits];
        _shift = 64 - bits;
    }

    public int Count { get; private set; }

    /// <summary>The hash the index files <paramref name="key"/> under.</summary>
    public static int HashOf(in FlowKey key) => key.GetHashCode();

    public bool TryGetValue(in FlowKey key, out TcpConnection connection) => TryGetValue(key, HashOf(key), out connection);

    /// <param name="hash"><see cref="HashOf"/> the key, computed earlier (on another thread, say).</param>
    public bool TryGetValue(in FlowKey key, int hash, out TcpConnection connection)
    {
        var slots = _slots;
        int mask = slots.Length - 1;
        for (int i = Home(hash); ; i = (i + 1) & mask)
        {
            ref var slot = ref slots[i];
            if (slot.Connection is not { } c) break;
            if (slot.Hash == hash && c.Key.Equals(key))
            {
                connection = c;
                return true;
            }
        }
        connection = null!;
        return false;
    }

    /// <summary>Prefetches the slot where a lookup of <paramref name="key"/> starts (see <see cref="CachePrefetch"/>).</summary>
    public void Prefetch(in FlowKey key) => Prefetch(HashOf(key));

    public void Prefetch(int hash) => CachePrefetch.At(ref _slots[Home(hash)]);

    /// <summary>Makes <paramref name="connection"/> the one held for <paramref name="key"/> (replacing any).</summary>
    public void Set(in FlowKey key, TcpConnection connection) => Set(key, HashOf(key), connection);

    /// <param name="hash"><see cref="HashOf"/> the key, computed earlier.</param>
    public void Set(in FlowKey key, int hash, TcpConnection connection)
    {
        if ((Count + 1) * 2 > _slots.Length) Grow();
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = Home(hash);
        for (; slots[i].Connection is { } c; i = (i + 1) & mask)
        {
            if (slots[i].Hash == hash && c.Key.Equals(key))
            {
                slots[i].Connection = connection;
                return;
            }
        }
        slots[i].Hash = hash;
        slots[i].Connection = connection;
        Count++;
    }

    public bool Remove(in FlowKey key)
    {
        int hash = HashOf(key);
        var slots = _slots;
        int mask = slots.Length - 1;
        int i = Home(hash);
        for (; ; i = (i + 1) & mask)
        {
            if (slots[i].Connection is not { } c) return false;
            if (slots[i].Hash == hash && c.Key.Equals(key)) break;
        }
        LinearProbing.RemoveAt(slots, i, new Rules(_shift));
        Count--;
        return true;
    }

    /// <summary>The connections held, in no particular order (a copy: the index may change meanwhile).</summary>
    public List<TcpConnection> Snapshot()
    {
        var list = new List<TcpConnection>(Count);
        foreach (var slot in _slots)
            if (slot.Connection is { } c) list.Add(c);
        return list;
    }

    private int Home(int hash) => HomeOf(hash, _shift);

    private static int HomeOf(int hash, int shift) => (int)(((ulong)(uint)hash * 0x9E3779B97F4A7C15UL) >> shift);

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        _shift--;
        LinearProbing.Reinsert(old, _slots, new Rules(_shift));
    }
}
