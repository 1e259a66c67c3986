using System.Runtime.InteropServices;
using Wirecase.Flows.Storage;

namespace Wirecase.Flows.Tcp;

/// <summary>
/// The records of retired connections by 4-tuple. The records themselves go to a <see cref="SpillFile{T}"/>; memory
/// holds only a 64-bit hash of each 4-tuple and its record's number (about 30 bytes per 4-tuple instead of the record's
/// 200), so a capture with millions of connections does not keep millions of records in memory. A lookup reads the
/// record back only when the hash matches, and checks the 4-tuple: two 4-tuples with the same hash are kept apart.
/// </summary>
internal sealed class RememberedConnections : IDisposable
{
    private readonly Dictionary<ulong, int> _byHash = [];
    // 4-tuples whose hash a different remembered 4-tuple already had (practically never: 64-bit hashes).
    private readonly Dictionary<FlowKey, int> _collided = [];
    // When records are forgotten after a time: in the order they were made, which is the order they expire in.
    private readonly Queue<(long ForgetAfterNs, FlowKey Key, int Record)>? _expiry;
    private SpillFile<RetiredConnection>? _records;

    /// <param name="expire">Records carry a time after which <see cref="ForgetExpired"/> drops them.</param>
    public RememberedConnections(bool expire)
    {
        if (expire) _expiry = new();
    }

    public int Count => _byHash.Count + _collided.Count;

    public void Remember(in RetiredConnection record)
    {
        _records ??= new SpillFile<RetiredConnection>();
        int number = checked((int)_records.Append(record));
        var key = record.Key;
        if (_collided.Count > 0) _collided.Remove(key);
        ref int slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_byHash, key.Hash64(), out bool taken);
        if (taken && !_records.Read(slot).Key.Equals(key)) _collided[key] = number;
        else slot = number;
        _expiry?.Enqueue((record.ForgetAfterNs, key, number));
    }

    /// <summary>Takes (removes) the record of <paramref name="key"/>, if there is one.</summary>
    public bool TryTake(FlowKey key, out RetiredConnection record)
    {
        record = default;
        if (Count == 0) return false;
        if (_collided.Count > 0 && _collided.Remove(key, out int collided))
        {
            record = _records!.Read(collided);
            return true;
        }
        ulong hash = key.Hash64();
        if (!_byHash.TryGetValue(hash, out int number)) return false;
        var found = _records!.Read(number);
        if (!found.Key.Equals(key)) return false;
        _byHash.Remove(hash);
        record = found;
        return true;
    }

    public bool Contains(FlowKey key)
    {
        if (Count == 0) return false;
        if (_collided.ContainsKey(key)) return true;
        return _byHash.TryGetValue(key.Hash64(), out int number) && _records!.Read(number).Key.Equals(key);
    }

    /// <summary>Drops the records whose time is past <paramref name="nowNs"/> (only with <c>expire</c>).</summary>
    public void ForgetExpired(long nowNs)
    {
        if (_expiry is null) return;
        while (_expiry.TryPeek(out var e) && nowNs > e.ForgetAfterNs)
        {
            _expiry.Dequeue();
            if (_collided.TryGetValue(e.Key, out int c) && c == e.Record) _collided.Remove(e.Key);
            else if (_byHash.TryGetValue(e.Key.Hash64(), out int n) && n == e.Record) _byHash.Remove(e.Key.Hash64());
        }
    }

    /// <summary>Forgets everything and closes the file.</summary>
    public void Dispose()
    {
        _byHash.Clear();
        _collided.Clear();
        _expiry?.Clear();
        _records?.Dispose();
        _records = null;
    }
}
