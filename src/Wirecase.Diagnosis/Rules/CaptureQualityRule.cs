using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// What the capture itself shows about how it was taken — never faults of the network: packets acknowledged but not
/// captured (<c>capture.missed-packets</c>), segments larger than the MSS from segmentation offload on the capturing
/// host (<c>capture.offload</c>), connections seen one way only (<c>capture.one-sided</c>), packets captured twice
/// (<c>capture.duplicates</c>), packets the capturing tool said it dropped (<c>capture.drops</c>), frames cut by the
/// snap length (<c>capture.truncated</c>), bad checksums on one host's packets (<c>capture.checksum-offload</c>), and where the
/// capture was taken, inferred from the TTLs (<c>capture.point</c>).
/// </summary>
internal sealed class CaptureQualityRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        var missed = point.Connections.Select(c => (c, n: point.Events.Of(c.Stream).Count(e => e.Has(TcpAnalysisFlags.AckLostSegment)))).Where(x => x.n > 0).ToList();
        if (missed.Count > 0)
        {
            yield return new Finding
            {
                Id = "capture.missed-packets",
                Severity = Severity.Info,
                Confidence = 0.9,
                Title = $"The capture missed packets: {missed.Sum(x => x.n)} acknowledgments of data it never saw, on {missed.Count} connection(s)",
                Explanation = "The receiver acknowledged data the capture does not contain: the capture point dropped packets (or saw only part of the traffic), not the network.",
                Evidence = [.. missed.Take(5).Select(x => point.At(point.Events.Of(x.c.Stream).First(e => e.Has(TcpAnalysisFlags.AckLostSegment)).Frame, "ACKed unseen segment"))],
                Connections = [.. missed.Take(10).Select(x => Describe.Connection(x.c, point.Name))],
                NextStep = "Capture with a larger buffer (dumpcap -B), a capture filter, or on a less busy port; treat losses in these connections with care.",
            };
        }
        var offload = point.Connections.Where(c => c.LargerThanMss > 0).ToList();
        if (offload.Count > 0)
        {
            var c = offload[0];
            var e = point.Events.Of(c.Stream).First(x => x.Has(TcpAnalysisFlags.LargerThanMss));
            string host = Describe.Sender(c, e.FromOriginator);
            yield return new Finding
            {
                Id = "capture.offload",
                Severity = Severity.Info,
                Confidence = 0.85,
                Title = $"Segments larger than the MSS from {host}: the capture was taken on that host with segmentation offload",
                Explanation = $"For example a {e.PayloadLength}-byte segment ({point.Frame(e.Frame)}). The network card cut them into MSS-sized packets after the capture point; this is not what travelled on the wire and not a fault.",
                Evidence = [point.At(e.Frame, $"{e.PayloadLength}-byte segment")],
                Connections = [.. offload.Take(10).Select(x => Describe.Connection(x, point.Name))],
                NextStep = "Ignore the size; to see wire packets, capture elsewhere or turn offloads off (ethtool -K … tso off gso off gro off).",
            };
        }
        var oneSided = point.Connections.Where(c => !c.OnlyInIcmpQuote && !c.SeenBothWays && c.Originator.Packets + c.Responder.Packets >= 10).ToList();
        if (oneSided.Count > 0)
        {
            yield return new Finding
            {
                Id = "capture.one-sided",
                Severity = Severity.Info,
                Confidence = 0.8,
                Title = $"{oneSided.Count} connection(s) seen in one direction only",
                Explanation = "The capture holds only one side's packets for these connections (asymmetric routing, or a capture port that sees one direction): what the other side did cannot be read from it.",
                Evidence = [.. oneSided.Take(5).Select(c => point.At(c.FirstFrame, "first packet"))],
                Connections = [.. oneSided.Take(10).Select(c => Describe.Connection(c, point.Name))],
                NextStep = "Capture where both directions pass (a host, or a SPAN of both directions).",
            };
        }
        if (point.Duplicates.Duplicates > 0)
        {
            long n = point.Duplicates.Duplicates;
            yield return new Finding
            {
                Id = "capture.duplicates",
                Severity = Severity.Info,
                Confidence = 0.85,
                Title = $"{n} packet{(n == 1 ? " was" : "s were")} captured twice",
                Explanation = $"The same IPv4 packet (same IP ID, sequence and acknowledgment numbers, length) appears twice within {Describe.Seconds(DuplicateFrameDetector.WindowNs)}, " +
                              "first at " + point.Frame(point.Duplicates.FirstDuplicateFrame) + ". A mirror port that copies both directions, or traffic seen on two VLANs, does this; " +
                              "the copies show up as retransmissions or duplicate ACKs that never happened on the wire.",
                Evidence = [point.At(point.Duplicates.FirstDuplicateFrame, "a packet seen a second time")],
                NextStep = "Remove the duplicates (editcap -d) or mirror one direction per port; read retransmission counts in these connections with care.",
            };
        }
        if (point.CaptureDrops.Count > 0)
        {
            ulong dropped = point.CaptureDrops.Aggregate(0UL, (sum, d) => sum + (d.InterfaceDrops ?? 0) + (d.OsDrops ?? 0));
            var d0 = point.CaptureDrops[0];
            yield return new Finding
            {
                Id = "capture.drops",
                Severity = Severity.Info,
                Confidence = 0.95,
                Title = $"The capturing tool dropped {dropped} packet{(dropped == 1 ? "" : "s")}",
                Explanation = $"The capture file's interface statistics report {string.Join("; ", point.CaptureDrops.Select(d => $"{d.File}{(d.Interface is null ? "" : " " + d.Interface)}: {d.InterfaceDrops ?? 0} dropped by the interface, {d.OsDrops ?? 0} by the OS{(d.Received is { } r ? $" of {r} received" : "")}"))}. " +
                              "Those packets crossed the network but are not in the capture: gaps and \"previous segment not captured\" near them are the capture's, not the network's.",
                Evidence = [point.At(1, $"{d0.File}: capture statistics at the end of the file")],
                NextStep = "Capture with a larger buffer (dumpcap -B, tcpdump -B), a capture filter, or a shorter snap length.",
            };
        }
        if (point.TruncatedFrames > 0)
        {
            yield return new Finding
            {
                Id = "capture.truncated",
                Severity = Severity.Info,
                Confidence = 0.95,
                Title = $"{point.TruncatedFrames} frame{(point.TruncatedFrames == 1 ? " was" : "s were")} cut short by the capture's snap length",
                Explanation = $"The capture kept only the first bytes of these frames (first: {point.Frame(point.FirstTruncatedFrame)}); headers are read, " +
                              "but the application data beyond the cut is missing: application findings on those connections rest on what was kept.",
                Evidence = [point.At(point.FirstTruncatedFrame, "first truncated frame")],
                NextStep = "Capture with the full snap length (tcpdump -s 0, dumpcap -s 0) when the application layer matters.",
            };
        }
        // Bad checksums on one host's packets only: the capture was taken on that host and its card computes them later.
        var badChecksums = point.Connections.SelectMany(c => new[] { (c, true), (c, false) })
            .Where(x => x.Item1.Direction(x.Item2).BadChecksums > 0 && x.Item1.Direction(!x.Item2).BadChecksums == 0)
            .GroupBy(x => (x.Item2 ? x.Item1.OriginatorAddress : x.Item1.ResponderAddress).ToString()).ToList();
        if (badChecksums.Count == 1)
        {
            var group = badChecksums[0];
            var (c, fromOriginator) = group.First();
            yield return new Finding
            {
                Id = "capture.checksum-offload",
                Severity = Severity.Info,
                Confidence = 0.85,
                Title = $"Bad TCP checksums only on packets sent by {group.Key}: checksum offload on the capturing host, not a fault",
                Explanation = $"{group.Sum(x => x.Item1.Direction(x.Item2).BadChecksums)} packets from {group.Key} carry a wrong checksum and none from its peers do: " +
                              "the capture was taken on that host before its network card filled the checksum in.",
                Evidence = [point.At(fromOriginator ? c.FirstFrame : c.SynAckFrame > 0 ? c.SynAckFrame : c.FirstFrame, $"a packet from {group.Key}")],
                Connections = [.. group.Take(5).Select(x => Describe.Connection(x.Item1, point.Name))],
                NextStep = "Ignore these checksums (Wireshark: turn TCP checksum validation off).",
            };
        }
        if (CapturePoint(point) is { } where) yield return where;
    }

    /// <summary>
    /// Hosts whose packets arrive with an undecremented TTL (64, 128, 255: the common initial values) were captured on
    /// themselves or on their own link; when no host is at zero hops the capture was taken on the path, and the hop
    /// counts say how far each side is.
    /// </summary>
    private static Finding? CapturePoint(CapturePointFacts point)
    {
        var hops = new Dictionary<string, (int Hops, long Frame)>();
        foreach (var c in point.Connections)
        {
            if (c.OnlyInIcmpQuote) continue;
            foreach (bool fromOriginator in (ReadOnlySpan<bool>)[true, false])
            {
                var d = c.Direction(fromOriginator);
                if (!d.TtlSeen || d.FirstTtl == 0) continue;
                int h = InitialTtl.Of(d.FirstTtl) - d.FirstTtl;
                string host = (fromOriginator ? c.OriginatorAddress : c.ResponderAddress).ToString();
                long frame = fromOriginator ? c.FirstFrame : c.SynAckFrame > 0 ? c.SynAckFrame : c.FirstFrame;
                if (!hops.TryGetValue(host, out var known) || h < known.Hops) hops[host] = (h, frame);
            }
        }
        if (hops.Count < 2) return null;
        var local = hops.Where(x => x.Value.Hops == 0).Select(x => x.Key).ToList();
        var nearest = hops.OrderBy(x => x.Value.Hops).ThenBy(x => x.Key, StringComparer.Ordinal).Take(4).ToList();
        string distances = string.Join(", ", nearest.Select(x => $"{x.Key} {x.Value.Hops} hop{(x.Value.Hops == 1 ? "" : "s")} away"));
        string title = local.Count == 1 ? $"Captured on {local[0]} (or on its link)"
            : local.Count > 1 ? $"Captured on a link shared by {string.Join(", ", local.Take(3))}{(local.Count > 3 ? "…" : "")}"
            : $"Captured on the path, between the hosts ({distances})";
        return new Finding
        {
            Id = "capture.point",
            Severity = Severity.Info,
            Confidence = 0.6,
            Title = title,
            Explanation = $"Inferred from the TTLs: a packet leaves its host with an initial TTL of 64, 128 or 255 and loses one per router; here {distances}. " +
                          "A host at 0 hops sent its packets onto the capture's own link.",
            Evidence = [.. nearest.Take(2).Select(x => point.At(x.Value.Frame, $"a packet from {x.Key}"))],
            CannotTell = "Hosts that use an unusual initial TTL, or a router that does not decrement it, would mislead this.",
        };
    }

}
