using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// <c>tcp.stalled-data</c> (Case A): one side sends the same data again and again with growing intervals (the
/// retransmission timer backing off) and the other side never acknowledges it. Also <c>tcp.mtu-black-hole</c> when
/// the stalled segments are full-size with Don't Fragment set, smaller ones got through, and no ICMP "fragmentation
/// needed" or "packet too big" came back for the connection.
/// </summary>
internal sealed class StalledDataRule : IDiagnosisRule
{
    private const int MinRetransmissions = 3;
    private const int FullSize = 1000;

    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        foreach (var c in point.Connections)
        {
            var events = point.Events.Of(c.Stream);
            if (events.Count < MinRetransmissions) continue;
            foreach (bool fromOriginator in new[] { true, false })
            {
                var copies = events
                    .Where(e => e.FromOriginator == fromOriginator && e.PayloadLength > 0 &&
                                e.Has(TcpAnalysisFlags.Retransmission) && !e.Has(TcpAnalysisFlags.SpuriousRetransmission))
                    .GroupBy(e => e.RelativeSeq)
                    .OrderByDescending(g => g.Count())
                    .FirstOrDefault()?.ToList();
                if (copies is null || copies.Count < MinRetransmissions) continue;
                var sender = c.Direction(fromOriginator);
                var receiver = c.Direction(!fromOriginator);
                uint stalledSeq = copies[0].RelativeSeq;
                // Never acknowledged: the receiver's highest acknowledgment stayed at or before the stalled data.
                uint receiverAck = receiver.HasLastAckValue ? receiver.LastAckValue - sender.BaseSeq : 0;
                if (unchecked((int)(receiverAck - stalledSeq)) > 0) continue;
                foreach (var f in Stalled(point, c, fromOriginator, copies)) yield return f;
            }
        }
    }

    private static IEnumerable<Finding> Stalled(CapturePointFacts point, TcpConnection c, bool fromOriginator, List<SegmentEvent> copies)
    {
        // The original send: the first retransmission says how long after it came (its RTO) and which frame it was.
        var first = copies[0];
        long originalNs = first.TimestampNs - first.RtoNs;
        var times = new List<long> { originalNs };
        times.AddRange(copies.Select(e => e.TimestampNs));
        var intervals = times.Zip(times.Skip(1), (a, b) => b - a).ToList();
        int doublings = intervals.Zip(intervals.Skip(1), (a, b) => b >= a * 3 / 2).Count(x => x);
        bool backoff = doublings >= Math.Max(1, intervals.Count - 2);
        string sender = Describe.Sender(c, fromOriginator), receiver = Describe.Receiver(c, fromOriginator);
        var evidence = new List<Evidence>();
        if (first.RtoFrame > 0) evidence.Add(point.At(first.RtoFrame, $"{sender} sends the data (relative seq {first.RelativeSeq}) the first time"));
        evidence.AddRange(copies.Select((e, i) => point.At(e.Frame, $"retransmission {i + 1}, {Describe.Seconds(intervals[i])} after the previous copy")));
        string series = string.Join(", ", intervals.Select(Describe.Seconds));
        long lastNs = copies[^1].TimestampNs;
        string ending = Describe.Ended(c);
        yield return new Finding
        {
            Id = "tcp.stalled-data",
            Severity = Severity.Error,
            Confidence = backoff ? 0.9 : 0.75,
            Title = $"Data from {sender} stalled: retransmitted {copies.Count} times, never acknowledged by {receiver}",
            Explanation =
                $"{sender} sent {first.PayloadLength} bytes at relative sequence {first.RelativeSeq} and, getting no acknowledgment, sent them " +
                $"again {copies.Count} times at intervals of {series}" + (backoff ? " — the retransmission timer backing off exponentially" : "") +
                $". {receiver} never acknowledged them; in the end {ending}. The connection was stuck from " +
                $"{Describe.Seconds(originalNs - c.StartNs)} after it opened until {Describe.Seconds(lastNs - c.StartNs)}.",
            Evidence = evidence,
            Connections = [Describe.Connection(c, point.Name)],
            CannotTell = $"From one capture point it cannot be told whether the data was lost on the way to {receiver} or " +
                         $"{receiver}'s acknowledgments were lost on the way back.",
            NextStep = $"Capture at the same time near {receiver} (or at the site's edge) and compare with this capture: if the " +
                       "retransmitted segments never arrive there, they are lost on the way out; if they arrive and are acknowledged, " +
                       "the acknowledgments are lost on the way back.",
        };
        if (BlackHole(point, c, fromOriginator, copies) is { } hole) yield return hole;
    }

    private static Finding? BlackHole(CapturePointFacts point, TcpConnection c, bool fromOriginator, List<SegmentEvent> copies)
    {
        if (copies.Any(e => e.PayloadLength < FullSize) || !copies.All(e => e.DontFragment)) return null;
        var sender = c.Direction(fromOriginator);
        var receiver = c.Direction(!fromOriginator);
        // Smaller data got through: the receiver acknowledged something before the stall.
        uint acked = receiver.HasLastAckValue ? receiver.LastAckValue - sender.BaseSeq : 0;
        if (acked <= 1) return null;
        var icmp = point.Application.Icmp.Errors.Where(e => e.Connection == c && e.Mtu is not null).ToList();
        string s = Describe.Sender(c, fromOriginator);
        return new Finding
        {
            Id = "tcp.mtu-black-hole",
            Severity = icmp.Count == 0 ? Severity.Warning : Severity.Info,
            Confidence = icmp.Count == 0 ? 0.6 : 0.4,
            Title = icmp.Count == 0
                ? $"Full-size segments from {s} are lost while smaller ones pass, and no ICMP 'fragmentation needed' came back: a path-MTU black hole?"
                : $"Full-size segments from {s} were lost; the path answered with ICMP 'fragmentation needed' (MTU {icmp[0].Mtu})",
            Explanation =
                $"The segments that were never acknowledged carry {copies.Min(e => e.PayloadLength)}–{copies.Max(e => e.PayloadLength)} bytes with " +
                $"Don't Fragment set (MSS in use: {sender.Mss?.ToString() ?? "not seen"}), while the {acked} bytes before them were acknowledged. " +
                (icmp.Count == 0
                    ? "A router with a smaller MTU on the path would drop them and should say so with ICMP; none was captured."
                    : "The ICMP errors name the MTU the path can carry."),
            Evidence = [.. copies.Take(3).Select(e => point.At(e.Frame, $"{e.PayloadLength}-byte segment, DF set")), .. icmp.Take(3).Select(e => point.At(e.At.Frame, e.Kind))],
            Connections = [Describe.Connection(c, point.Name)],
            CannotTell = "A one-sided capture cannot show where on the path the large packets are dropped, nor whether ICMP errors were filtered before reaching the capture point.",
            NextStep = "Ping across the path with DF set and growing sizes (ping -M do -s 1472 …) to find the largest size that passes; clamp the MSS on the router or allow ICMP type 3 code 4 through the firewalls.",
        };
    }
}
