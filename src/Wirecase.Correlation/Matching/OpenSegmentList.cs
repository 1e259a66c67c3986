namespace Wirecase.Correlation.Matching;

/// <summary>
/// The open segments in the order they were opened, linked through the segments themselves: a segment that closes
/// early (seen at every point) leaves at once, so the list holds only the segments still waiting for a copy, and the
/// oldest is at the head for the window's expiry. Memory follows the unmatched segments of the last window, not the
/// traffic of the last window.
/// </summary>
internal sealed class OpenSegmentList
{
    private SegmentGroup? _head;
    private SegmentGroup? _tail;

    public int Count { get; private set; }
    public SegmentGroup? Oldest => _head;

    public void Add(SegmentGroup g)
    {
        if (g.InOpenList) return;
        g.InOpenList = true;
        g.PreviousOpen = _tail;
        g.NextOpen = null;
        if (_tail is null) _head = g;
        else _tail.NextOpen = g;
        _tail = g;
        Count++;
    }

    public void Remove(SegmentGroup g)
    {
        if (!g.InOpenList) return;
        g.InOpenList = false;
        if (g.PreviousOpen is null) _head = g.NextOpen;
        else g.PreviousOpen.NextOpen = g.NextOpen;
        if (g.NextOpen is null) _tail = g.PreviousOpen;
        else g.NextOpen.PreviousOpen = g.PreviousOpen;
        g.PreviousOpen = g.NextOpen = null;
        Count--;
    }
}
