namespace Wirecase.Flows.Tcp;

/// <summary>
/// Lets go of connections for a <see cref="TcpConnectionTable"/> as <see cref="TcpRetirementPolicy"/> says: closed
/// connections after a linger, idle ones after a timeout, the least recently active ones when too many are held. Each
/// goes to the callback and leaves a <see cref="RetiredConnection"/> behind for a while, so that a late packet resumes
/// its stream and a new SYN is seen as a reuse of the ports.
/// Work is proportional to what is retired: closed connections wait in a queue in the order they closed; the whole
/// table is looked at only for the idle timeout (a few times per timeout) and when it is full. All checks run before a
/// segment is analysed, so a connection is never let go of between its analysis and its reassembly.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001",
    Justification = "RetireAll, the end of every run, closes the records' file; it is unlinked when made, so nothing outlives the process")]
internal sealed class TcpConnectionRetirement(
    TcpRetirementPolicy policy, Action<TcpConnection> retired,
    ConnectionIndex current, ConnectionsByStream all)
{
    /// <summary>When the table is full, connections silent this long (capture time) go first.</summary>
    private const long PressureIdleNs = 1_000_000_000;

    private readonly long _closedLingerNs = Nanoseconds(policy.ClosedLinger);
    private readonly long _idleTimeoutNs = Nanoseconds(policy.IdleTimeout);
    private readonly long _rememberNs = Nanoseconds(policy.RememberFor);
    private readonly long _closedCheckIntervalNs = Math.Max(1, Nanoseconds(policy.SweepInterval));
    // Every quarter of the idle timeout, and at least every 60 sweep intervals.
    private readonly long _idleScanIntervalNs = Math.Max(1, Math.Min(Nanoseconds(policy.IdleTimeout) / 4,
        Nanoseconds(policy.SweepInterval) > long.MaxValue / 60 ? long.MaxValue : Nanoseconds(policy.SweepInterval) * 60));
    private readonly int _maxLive = Math.Max(1, policy.MaxLiveConnections);
    private readonly RememberedConnections _remembered = new(expire: policy.RememberFor < TimeSpan.MaxValue);
    // Closed connections in the order they closed, with the time each entered: (connection, its stream, since).
    private readonly Queue<(TcpConnection Connection, int Stream, long SinceNs)> _closing = new();
    // Connection objects handed over, made new again for the next connections: no garbage per connection.
    // A list used as a stack, so that the next objects out can be prefetched.
    private readonly List<TcpConnection> _spare = [];
    private long _now = long.MinValue;
    private long _lastIdleScanNs = long.MinValue;
    private long _lastClosedCheckNs = long.MinValue;
    private int _oldest;   // no stream below this one is held

    /// <summary>Why the records of retired connections went to memory instead of a temporary file, or null.</summary>
    public string? SpillProblem => _remembered.Problem;

    public long Retired { get; private set; }
    public long Resumed { get; private set; }

    /// <summary>Called before each segment is analysed, with its time.</summary>
    public void BeforeSegment(long timestampNs)
    {
        if (timestampNs > _now) _now = timestampNs;
        if (_lastIdleScanNs == long.MinValue) _lastIdleScanNs = _lastClosedCheckNs = _now;
        if (_now - _lastClosedCheckNs >= _closedCheckIntervalNs) RetireClosed();
        if (_now - _lastIdleScanNs >= _idleScanIntervalNs) RetireIdle();
        if (current.Count >= _maxLive) RetireOldest(_maxLive * 3 / 4);
    }

    /// <summary>Called after a segment of <paramref name="c"/> was analysed: a connection that just closed starts its linger.</summary>
    public void AfterSegment(TcpConnection c)
    {
        if (c.ClosingNoted || !c.Closed) return;
        c.ClosingNoted = true;
        _closing.Enqueue((c, c.Stream, c.EndNs));
    }

    /// <summary>Takes what is remembered of a retired connection on <paramref name="key"/>, when anything still is.</summary>
    public bool TryTakeRemembered(FlowKey key, out RememberedTuple tuple) => _remembered.TryTake(key, _now, out tuple);

    /// <summary>The full record behind a <see cref="TryTakeRemembered"/>: what a late packet resumes from.</summary>
    public bool TryReadRemembered(FlowKey key, in RememberedTuple tuple, out RetiredConnection connection) =>
        _remembered.TryRead(key, tuple, out connection);

    public bool Remembers(FlowKey key) => _remembered.Contains(key);

    public void PrefetchRemembered(ulong hash) => _remembered.Prefetch(hash);

    public void NoteResumed() => Resumed++;

    /// <summary>A connection object let go of earlier, for <see cref="TcpConnection.Reuse"/>.</summary>
    public TcpConnection? TakeSpare()
    {
        int n = _spare.Count;
        if (n == 0) return null;
        var c = _spare[n - 1];
        _spare.RemoveAt(n - 1);
        // The next ones out: the parts of the one after (its object was prefetched one call ago), the object of the one after that.
        if (n >= 2) _spare[n - 2].PrefetchParts();
        if (n >= 3) _spare[n - 3].Prefetch();
        return c;
    }

    /// <summary>A connection whose 4-tuple a new SYN took over: nothing can reach it any more.</summary>
    public void RetireReplaced(TcpConnection previous)
    {
        all[previous.Stream] = null;
        HandOver(previous);
    }

    /// <summary>End of capture: every connection still held goes to the callback, in stream order.</summary>
    public void RetireAll()
    {
        for (int stream = 0; stream < all.Count; stream++)
        {
            if (all[stream] is not { } c) continue;
            current.Remove(c.Key);
            all[stream] = null;
            HandOver(c, reuse: false);
        }
        _closing.Clear();
        _remembered.Dispose();
        _spare.Clear();
    }

    /// <summary>Closed connections whose linger has passed since their last packet.</summary>
    private void RetireClosed()
    {
        _lastClosedCheckNs = _now;
        while (_closing.TryPeek(out var entry) && _now - entry.SinceNs >= _closedLingerNs)
        {
            _closing.Dequeue();
            var c = entry.Connection;
            if (!ReferenceEquals(all[entry.Stream], c)) continue;   // already let go of (the object may serve another stream now)
            if (_now - c.EndNs >= _closedLingerNs) Retire(c.Key, c);
            else _closing.Enqueue((c, entry.Stream, c.EndNs));     // packets came after the close: wait from the last one
        }
    }

    private void RetireIdle()
    {
        _lastIdleScanNs = _now;
        foreach (var c in current.Snapshot())
            if (_now - c.EndNs >= _idleTimeoutNs) Retire(c.Key, c);
        ForgetOld();
    }

    /// <summary>Brings the connections held down to <paramref name="keep"/>: the oldest first (by stream number) among
    /// those silent for <see cref="PressureIdleNs"/>, then, if that was not enough, the oldest regardless. Only the
    /// connections let go of and the busy ones passed over are looked at.</summary>
    private void RetireOldest(int keep)
    {
        for (int pass = 0; pass < 2 && current.Count > keep; pass++)
        {
            long minIdle = pass == 0 ? PressureIdleNs : long.MinValue;
            while (_oldest < all.Count && all[_oldest] is null) _oldest++;
            for (int stream = _oldest; stream < all.Count && current.Count > keep; stream++)
            {
                PrefetchAhead(stream);
                if (all[stream] is { } c && (pass == 1 || _now - c.EndNs >= minIdle)) Retire(c.Key, c);
            }
        }
        ForgetOld();
    }

    /// <summary>Connections are let go of in stream order, each long untouched: fetch the objects of the streams
    /// <see cref="PrefetchDistance"/> ahead and the parts of those half as far, so that they are in the cache in time.</summary>
    private void PrefetchAhead(int stream)
    {
        if (stream + PrefetchDistance < all.Count) all[stream + PrefetchDistance]?.Prefetch();
        if (stream + PrefetchDistance / 2 < all.Count && all[stream + PrefetchDistance / 2] is { } c)
        {
            c.PrefetchParts();
            current.Prefetch(c.Key);
            _remembered.Prefetch(c.Key);
        }
    }

    private const int PrefetchDistance = 16;

    private void Retire(FlowKey key, TcpConnection c)
    {
        current.Remove(key);
        all[c.Stream] = null;
        _remembered.Remember(new RetiredConnection(c, key, SaturatingAdd(_now, _rememberNs)));
        HandOver(c);
    }

    private void HandOver(TcpConnection c, bool reuse = true)
    {
        Retired++;
        retired(c);
        c.Originator.Unacked.Release();
        c.Responder.Unacked.Release();
        // Spare objects and held ones together stay under the bound.
        if (reuse && _spare.Count + current.Count < _maxLive) _spare.Add(c);
    }

    /// <summary>Drops the records older than <see cref="TcpRetirementPolicy.RememberFor"/>.</summary>
    private void ForgetOld() => _remembered.ForgetExpired(_now);

    private static long Nanoseconds(TimeSpan t) => t <= TimeSpan.Zero ? 0 : t.Ticks >= long.MaxValue / 100 ? long.MaxValue : t.Ticks * 100;

    private static long SaturatingAdd(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;
}
