namespace Wirecase.Flows.Tcp;

/// <summary>
/// One string per distinct Zeek history for whatever keeps histories of many connections: most connections read the
/// same few (ShADadFf), so rows and records share them. Past <paramref name="capacity"/> distinct ones, new ones are
/// made but not kept.
/// </summary>
public sealed class HistoryStrings(int capacity = 4096)
{
    private readonly Dictionary<string, string> _known = [];

    /// <summary>The shared string for <paramref name="history"/> (null for an empty history).</summary>
    public string? Of(ReadOnlySpan<char> history)
    {
        if (history.IsEmpty) return null;
        var lookup = _known.GetAlternateLookup<ReadOnlySpan<char>>();
        if (lookup.TryGetValue(history, out var known)) return known;
        var s = history.ToString();
        if (_known.Count < capacity) _known[s] = s;
        return s;
    }
}
