namespace Wirecase.Correlation.Matching;

/// <summary>Compares two copies of one segment for the changes that matter (not TTL, checksums, addresses, ports).</summary>
public static class Differences
{
    public static SegmentDifference Between(in SegmentRecord a, in SegmentRecord b, bool proxied, bool resegmented)
    {
        var d = SegmentDifference.None;
        if (!resegmented)
        {
            if (a.Length != b.Length) d |= SegmentDifference.Length;
            else if (a.Length > 0 && a.PayloadComplete && b.PayloadComplete && a.PayloadHash != b.PayloadHash) d |= SegmentDifference.Payload;
        }
        if (proxied) return d;
        if (a.RoleFlags != b.RoleFlags) d |= SegmentDifference.Flags;
        if (a.HasAck && b.HasAck && a.Ack != b.Ack) d |= SegmentDifference.Ack;
        if (a.Mss != b.Mss) d |= a.Mss != 0 && b.Mss != 0 ? SegmentDifference.MssClamped : SegmentDifference.Mss;
        if (a.Window != b.Window && !resegmented) d |= SegmentDifference.Window;
        return d;
    }
}
