using Wirecase.Correlation.Clock;

namespace Wirecase.Correlation.Matching;

/// <summary>
/// What becomes of closed segments: timing of every pair of points that saw one (for clocks and hop delays), the
/// segments that were not simply passed on unchanged (kept up to a limit, for verdicts and evidence), counts of the
/// rest, ladders for a bounded number of connections, and each connection's slowest request → response.
/// </summary>
internal sealed class SegmentOutcomes
{
    public const int AnomalyLimit = 50_000;
    public const int LadderRowLimit = 60_000;

    private readonly int _points;
    private readonly PairTiming[,] _pairs;
    private int _ladderRows;

    public SegmentOutcomes(int points)
    {
        _points = points;
        _pairs = new PairTiming[points, points];
        for (int i = 0; i < points; i++)
            for (int j = i + 1; j < points; j++)
                _pairs[i, j] = new PairTiming();
    }

    /// <summary>Segments seen everywhere they were expected, unchanged: counts per (direction, 0 = from the client;
    /// mask of the points expected to see them).</summary>
    public Dictionary<(int Dir, int Expected), long> Clean { get; } = [];
    public List<(SegmentGroup Group, int Expected)> Anomalies { get; } = [];
    public long AnomaliesDropped { get; private set; }
    public List<Conversation> Conversations { get; } = [];

    public PairTiming Pair(int i, int j) => _pairs[i, j];

    /// <summary>Segments closed already when a second identical copy arrived at a point.</summary>
    public List<(SegmentGroup Group, int Point)> LateDuplicates { get; } = [];

    public void AddDuplicate(SegmentGroup g, int point)
    {
        g.Conversation.Anomalies++;
        if (LateDuplicates.Count < AnomalyLimit) LateDuplicates.Add((g, point));
    }

    public void Add(SegmentGroup g, int expected)
    {
        var c = g.Conversation;
        if (!c.Counted)
        {
            c.Counted = true;
            Conversations.Add(c);
        }
        int dir = g.FromClient ? 0 : 1;
        bool anomalous = (g.SeenMask & expected) != expected || g.SeenMask != expected || g.DuplicateMask != 0
            || g.ReorderedMask != 0 || g.ResegmentedMask != 0;
        for (int i = 0; i < _points; i++)
        {
            if (!g.SeenAt(i)) continue;
            for (int j = i + 1; j < _points; j++)
            {
                if (!g.SeenAt(j)) continue;
                ref readonly var a = ref g.Copies[i];
                ref readonly var b = ref g.Copies[j];
                _pairs[i, j].Add(dir, a.TimeNs, b.TimeNs - a.TimeNs, b.Ttl - a.Ttl, Math.Min(a.Length, b.Length));
                if (Differences.Between(a, b, c.Proxied, (g.ResegmentedMask & ((1 << i) | (1 << j))) != 0) != SegmentDifference.None)
                    anomalous = true;
            }
        }
        if (anomalous)
        {
            c.Anomalies++;
            if (Anomalies.Count < AnomalyLimit) Anomalies.Add((g, expected));
            else AnomaliesDropped++;
        }
        else
        {
            Clean[(dir, expected)] = Clean.GetValueOrDefault((dir, expected)) + 1;
        }
        if (c.Ladder is not null)
        {
            if (c.Ladder.Count < Conversation.LadderLimit && _ladderRows < LadderRowLimit)
            {
                c.Ladder.Add(g);
                _ladderRows++;
            }
            else
            {
                c.LadderDropped++;
            }
        }
        if (g.Length > 0) NoteExchange(c, g);
    }

    private static void NoteExchange(Conversation c, SegmentGroup g)
    {
        if (g.FromClient)
        {
            if (c.LastRequest is null || c.LastResponse is not null) c.LastRequest = g;
            c.LastResponse = null;
            return;
        }
        if (c.LastRequest is null || c.LastResponse is not null)
        {
            c.LastResponse ??= g;
            return;
        }
        c.LastResponse = g;
        long gap = 0;
        for (int p = 0; p < g.Copies.Length; p++)
            if (g.SeenAt(p) && c.LastRequest.SeenAt(p)) gap = Math.Max(gap, g.Copies[p].TimeNs - c.LastRequest.Copies[p].TimeNs);
        if (c.SlowestExchange is not { } s || gap > s.GapNs) c.SlowestExchange = (c.LastRequest, g, gap);
    }
}
