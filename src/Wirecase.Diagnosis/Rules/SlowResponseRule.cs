using Wirecase.Diagnosis.Facts;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// <c>http.slow-response</c>: the server took long to answer requests compared with the network's round trip (the
/// connection's handshake RTT) — time spent in the server, or on a relay between the capture point and the server,
/// not on the wire near the capture point.
/// </summary>
internal sealed class SlowResponseRule : IDiagnosisRule
{
    private const long SlowNs = 1_000_000_000;
    private const int RttMultiple = 20;

    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        foreach (var h in point.Application.Http)
        {
            long rtt = h.Connection.InitialRttNs;
            var slow = h.Exchanges.Where(e => e.ResponseTimeNs is { } t && t >= SlowNs && (rtt <= 0 || t >= rtt * RttMultiple)).ToList();
            if (slow.Count == 0) continue;
            var worst = slow.MaxBy(e => e.ResponseTimeNs!.Value)!;
            string server = Describe.Receiver(h.Connection, h.ClientIsOriginator);
            yield return new Finding
            {
                Id = "http.slow-response",
                Severity = Severity.Warning,
                Confidence = rtt > 0 ? 0.8 : 0.6,
                Title = $"{server} took {Describe.Seconds(worst.ResponseTimeNs!.Value)} to answer {worst.Request.Method} {worst.Request.Target}" +
                        (rtt > 0 ? $" while the network round trip is {Describe.Seconds(rtt)}" : ""),
                Explanation =
                    $"{slow.Count} request{(slow.Count == 1 ? "" : "s")} on this connection waited at least {Describe.Seconds(SlowNs)} between the end of the request " +
                    "and the first byte of the response" +
                    (rtt > 0 ? $", against a handshake round trip of {Describe.Seconds(rtt)}: the time was spent beyond the network near this capture point — in the server, or on a relay between here and the server." : "."),
                Evidence = [.. slow.Take(5).SelectMany(e => new[]
                {
                    point.At(e.Request.CompletedAt!.Value.Frame, $"end of {e.Request.Method} {e.Request.Target}"),
                    point.At(e.Response!.At.Frame, $"first byte of the response, {Describe.Seconds(e.ResponseTimeNs!.Value)} later"),
                })],
                Connections = [Describe.Connection(h.Connection, point.Name)],
                CannotTell = "Whether the server itself was slow or a proxy or relay on the path held the request or the response.",
                NextStep = "Capture at the server at the same time: if the request reaches it at once and the response leaves late, the server is slow; if the response leaves at once, the delay is on the path.",
            };
        }
    }
}
