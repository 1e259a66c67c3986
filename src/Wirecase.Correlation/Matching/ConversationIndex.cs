namespace Wirecase.Correlation.Matching;

/// <summary>
/// Conversations looked up by something their connections share across points: the addresses, the SYN's initial
/// sequence number, the first payload bytes. Only a conversation active within the horizon (a few matching windows)
/// can still be matched, so older entries are dropped as the stream moves on: the index holds the recent conversations,
/// not every one in the files. Lists are in the order conversations were added.
/// </summary>
internal sealed class ConversationIndex<TKey>(long horizonNs) where TKey : notnull
{
    private readonly Dictionary<TKey, List<Conversation>> _lists = [];
    private long _nextSweepNs = long.MinValue;

    public int Count => _lists.Count;

    public bool TryGet(TKey key, out List<Conversation> list) => _lists.TryGetValue(key, out list!);

    /// <summary>Whether a conversation is too old to be matched at <paramref name="nowNs"/>.</summary>
    public bool Stale(Conversation c, long nowNs) => nowNs - c.LastNs > horizonNs && nowNs - c.FirstNs > horizonNs;

    /// <summary>Adds a conversation under a key (again adding the one added last is a no-op; an older repeat is
    /// harmless: lookups pick the closest candidate).</summary>
    public void Add(TKey key, Conversation c, long nowNs)
    {
        Sweep(nowNs);
        if (!_lists.TryGetValue(key, out var list)) _lists[key] = list = [];
        int stale = 0;
        while (stale < list.Count && Stale(list[stale], nowNs)) stale++;
        if (stale > 0) list.RemoveRange(0, stale);
        if (list.Count > 0 && list[^1] == c) return;
        list.Add(c);
    }

    /// <summary>Once per horizon of stream time, drops stale conversations and keys left empty.</summary>
    private void Sweep(long nowNs)
    {
        if (nowNs < _nextSweepNs) return;
        _nextSweepNs = nowNs + horizonNs;
        List<TKey>? empty = null;
        foreach (var (key, list) in _lists)
        {
            list.RemoveAll(c => Stale(c, nowNs));
            if (list.Count == 0) (empty ??= []).Add(key);
        }
        if (empty is not null)
            foreach (var key in empty) _lists.Remove(key);
    }
}
