using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// What the capture itself shows about how it was taken — never faults of the network: packets acknowledged but not
/// captured (<c>capture.missed-packets</c>), segments larger than the MSS from segmentation offload on the capturing
/// host (<c>capture.offload</c>), connections seen one way only (<c>capture.one-sided</c>).
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
    }
}
