namespace Wirecase.Correlation.Matching;

/// <summary>
/// One TCP connection followed across capture points: its connection at each point, the segments still open for
/// matching (indexed by what identifies them), and what is kept for its ladder.
/// </summary>
internal sealed class Conversation
{
    public const int LadderLimit = 400;

    public Conversation(int id, int points, long firstNs)
    {
        Id = id;
        At = new PointConnection?[points];
        _points = points;
        _arrivalCount = new long[points * 2];
        _maxMatchedArrival = new long[2 * points * points];
        FirstNs = firstNs;
        OriginatorTtl = new int[points];
        Array.Fill(OriginatorTtl, -1);
        for (int d = 0; d < 2; d++)
        {
            Open[d] = [];
            ByIpId[d] = [];
            Continuations[d] = [];
        }
    }

    public int Id { get; }
    public PointConnection?[] At { get; }
    public int PresentMask { get; set; }
    /// <summary>Per point, the TTL (hop limit) of the first segment from the connection's opener seen there, or -1:
    /// the TTL is highest nearest the opener, which tells from which end of the path the connection was opened.</summary>
    public int[] OriginatorTtl { get; }
    public long FirstNs { get; }
    public long LastNs { get; set; }
    /// <summary>A point's reference initial sequence numbers, used for points that did not see the handshake.</summary>
    public uint? ClientIsn { get; set; }
    public uint? ServerIsn { get; set; }
    /// <summary>Terminated by a middlebox (a proxy): each side has its own handshake and ACKs, only data is matched.</summary>
    public bool Proxied { get; set; }
    /// <summary>The middlebox rewrote initial sequence numbers but forwards the same packets.</summary>
    public bool SequenceRewritten { get; set; }
    public bool Merged { get; set; }

    public Dictionary<SegmentKey, List<SegmentGroup>>[] Open { get; } = new Dictionary<SegmentKey, List<SegmentGroup>>[2];
    public Dictionary<uint, SegmentGroup>[] ByIpId { get; } = new Dictionary<uint, SegmentGroup>[2];
    /// <summary>Split segments waiting for their next part at a point: keyed by the sequence number the part starts at.</summary>
    public Dictionary<uint, SegmentGroup>[] Continuations { get; } = new Dictionary<uint, SegmentGroup>[2];
    /// <summary>The last segments closed per direction, so that a late identical copy is told as a duplicate.</summary>
    public Queue<SegmentGroup>[] RecentlyClosed { get; } = [new(), new()];
    public const int RecentLimit = 16;
    private readonly int _points;
    private readonly long[] _arrivalCount;
    private readonly long[] _maxMatchedArrival;

    /// <summary>How many segments of a direction a point has seen so far (the next one's arrival position).</summary>
    public ref long ArrivalCount(int point, int dir) => ref _arrivalCount[point * 2 + dir];
    /// <summary>[direction, point Q, point P]: the highest arrival position at P among segments Q has seen so far.</summary>
    public ref long MaxMatchedArrival(int dir, int q, int p) => ref _maxMatchedArrival[(dir * _points + q) * _points + p];

    /// <summary>Already in <see cref="SegmentOutcomes.Conversations"/>.</summary>
    public bool Counted { get; set; }

    /// <summary>Closed segments in order, for the ladder (only while short; the count goes on).</summary>
    public List<SegmentGroup>? Ladder { get; set; } = [];
    public int LadderDropped { get; set; }
    public int Anomalies { get; set; }

    /// <summary>The last closed data segment from the client (a request) and the slowest request → response seen.</summary>
    public SegmentGroup? LastRequest { get; set; }
    public SegmentGroup? LastResponse { get; set; }
    public (SegmentGroup Request, SegmentGroup Response, long GapNs)? SlowestExchange { get; set; }

    public bool Has(int point) => (PresentMask & (1 << point)) != 0;

    /// <summary>The connection at the first point that saw the conversation.</summary>
    public PointConnection? Any { get; set; }

    /// <summary>Idle for longer than any segment stays open: its open-segment indexes and recent segments are let go,
    /// so that memory holds the active conversations' segments, not every segment of every conversation in the files.
    /// A segment arriving later starts them again.</summary>
    public bool Idle { get; private set; }

    public void Wake() => Idle = false;

    public void ReleaseMatchingState()
    {
        Idle = true;
        for (int d = 0; d < 2; d++)
        {
            Open[d].Clear();
            Open[d].TrimExcess();
            ByIpId[d].Clear();
            ByIpId[d].TrimExcess();
            Continuations[d].Clear();
            Continuations[d].TrimExcess();
            RecentlyClosed[d].Clear();
            RecentlyClosed[d].TrimExcess();
        }
    }
}

/// <summary>What identifies a segment within its direction: its kind and sequence number, and for bare ACKs the
/// acknowledgment number too (a receiver's ACKs all share one sequence number).</summary>
internal readonly record struct SegmentKey(SegmentKind Kind, uint Seq, uint Ack)
{
    public static SegmentKey Of(in SegmentRecord r) =>
        new(r.Kind, r.Seq, r.Kind is SegmentKind.Ack or SegmentKind.Rst ? r.Ack : 0);
}
