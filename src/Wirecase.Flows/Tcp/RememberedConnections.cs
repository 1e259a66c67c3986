using Wirecase.Flows.Storage;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// The records of retired connections by 4-tuple. The records themselves go to a <see cref="SpillFile{T}"/>; memory
/// holds a 64-bit hash of each 4-tuple with a <see cref="RememberedTuple"/> (about 45 bytes per 4-tuple with the index,
/// instead of the record's 200), so a capture with millions of connections does not keep millions of records in
/// memory, and a new SYN on a remembered 4-tuple — ports reused — is judged without reading the file. A 4-tuple is
/// recognised by the 64-bit hash and an independent 32-bit check; the record read back to resume a connection is
/// compared in full. Two 4-tuples with the same hash are kept apart.
/// </summary>
internal sealed class RememberedConnections : IDisposable
{
    private readonly RememberedIndex _byHash = new();
    // 4-tuples whose hash a different remembered 4-tuple already had (practically never: 64-bit hashes).
    private readonly Dictionary<FlowKey, RememberedTuple> _collided = [];
    // When records are forgotten after a time: in the order they were made, which is the order they expire in.
    private readonly Queue<(long ForgetAfterNs, FlowKey Key, int Record)>? _expiry;
    private SpillFile<RetiredConnection>? _records;
    private string? _problemAtDispose;

    /// <param name="expire">Records carry a time after which they are dropped (<see cref="ForgetExpired"/>).</param>
    public RememberedConnections(bool expire)
    {
        if (expire) _expiry = new();
    }

    public int Count => _byHash.Count + _collided.Count;

    /// <summary>Why records went to memory instead of the temporary file (see <see cref="SpillFile{T}.Problem"/>), or null.</summary>
    public string? Problem => _records?.Problem ?? _problemAtDispose;

    public void Remember(in RetiredConnection record)
    {
        _records ??= new SpillFile<RetiredConnection>();
        var tuple = new RememberedTuple(record, checked((int)_records.Append(record)));
        var key = record.Key;
        if (_collided.Count > 0) _collided.Remove(key);
        ulong hash = key.Hash64();
        if (!_byHash.TryAdd(hash, tuple, out var existing))
        {
            if (existing.Check != tuple.Check || !_records.Read(existing.Record).Key.Equals(key)) _collided[key] = tuple;
            else _byHash.Replace(hash, tuple);
        }
        _expiry?.Enqueue((record.ForgetAfterNs, key, tuple.Record));
    }

    /// <summary>Prefetches where <paramref name="key"/> would be remembered (see <see cref="CachePrefetch"/>).</summary>
    public void Prefetch(FlowKey key) => _byHash.Prefetch(key.Hash64());

    /// <param name="hash"><see cref="FlowKey.Hash64"/> of the 4-tuple, computed earlier.</param>
    public void Prefetch(ulong hash) => _byHash.Prefetch(hash);

    /// <summary>Takes (removes) what is remembered of <paramref name="key"/>, if anything still is at
    /// <paramref name="nowNs"/>.</summary>
    public bool TryTake(FlowKey key, long nowNs, out RememberedTuple tuple)
    {
        tuple = default;
        if (Count == 0) return false;
        if (_collided.Count > 0 && _collided.Remove(key, out tuple)) return Current(tuple, nowNs);
        ulong hash = key.Hash64();
        if (!_byHash.TryGetValue(hash, out tuple) || tuple.Check != RememberedTuple.CheckOf(key)) return false;
        _byHash.Remove(hash);
        return Current(tuple, nowNs);
    }

    /// <summary>The full record of a 4-tuple taken with <see cref="TryTake"/>; false if the record is another 4-tuple's
    /// (hash and check both matched by chance).</summary>
    public bool TryRead(FlowKey key, in RememberedTuple tuple, out RetiredConnection record)
    {
        record = _records!.Read(tuple.Record);
        return record.Key.Equals(key);
    }

    public bool Contains(FlowKey key) =>
        Count > 0 && (_collided.ContainsKey(key)
            || _byHash.TryGetValue(key.Hash64(), out var tuple) && tuple.Check == RememberedTuple.CheckOf(key));

    /// <summary>Drops the records whose time is past <paramref name="nowNs"/> (only with <c>expire</c>).</summary>
    public void ForgetExpired(long nowNs)
    {
        if (_expiry is null) return;
        while (_expiry.TryPeek(out var e) && nowNs > e.ForgetAfterNs)
        {
            _expiry.Dequeue();
            if (_collided.TryGetValue(e.Key, out var c) && c.Record == e.Record) _collided.Remove(e.Key);
            else
            {
                ulong hash = e.Key.Hash64();
                if (_byHash.TryGetValue(hash, out var t) && t.Record == e.Record) _byHash.Remove(hash);
            }
        }
    }

    /// <summary>Forgets everything and closes the file.</summary>
    public void Dispose()
    {
        _byHash.Clear();
        _collided.Clear();
        _expiry?.Clear();
        _problemAtDispose ??= _records?.Problem;
        _records?.Dispose();
        _records = null;
    }

    /// <summary>Without expiry every record is current; with it, the record says until when.</summary>
    private bool Current(in RememberedTuple tuple, long nowNs) => _expiry is null || nowNs <= _records!.Read(tuple.Record).ForgetAfterNs;
}
