namespace Wirecase.Correlation.Matching;

/// <summary>
/// One segment on its way: its copy at each capture point that saw it (the first copy when a point saw it in several
/// parts or twice). Open while some point may still see it; closed when every point of its conversation did or the
/// matching window passed.
/// </summary>
internal sealed class SegmentGroup
{
    public SegmentGroup(Conversation conversation, int points, in SegmentRecord first, long createdNs)
    {
        Conversation = conversation;
        FromClient = first.FromClient;
        Start = first.Seq;
        Length = first.Length;
        Kind = first.Kind;
        Ack = first.Ack;
        Key = SegmentKey.Of(first);
        Copies = new SegmentRecord[points];
        CreatedNs = createdNs;
    }

    public Conversation Conversation { get; }
    public bool FromClient { get; }
    public uint Start { get; }
    public int Length { get; set; }
    public SegmentKind Kind { get; }
    public uint Ack { get; }
    /// <summary>The key it is open under in its conversation.</summary>
    public SegmentKey Key { get; }
    public long CreatedNs { get; }
    public SegmentRecord[] Copies { get; }
    public int SeenMask { get; set; }
    public int DuplicateMask { get; set; }
    public int ResegmentedMask { get; set; }
    public int ReorderedMask { get; set; }
    public bool Closed { get; set; }

    // Links of OpenSegmentList (only while open).
    public bool InOpenList { get; set; }
    public SegmentGroup? PreviousOpen { get; set; }
    public SegmentGroup? NextOpen { get; set; }

    public bool SeenAt(int point) => (SeenMask & (1 << point)) != 0;
    public uint End => Start + (uint)Length;
}
