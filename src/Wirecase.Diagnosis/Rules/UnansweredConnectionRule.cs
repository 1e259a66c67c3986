using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;
using Wirecase.Packets;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// <c>tcp.unanswered-syn</c> (Case F): connection attempts that got neither SYN-ACK nor RST, aggregated per
/// destination, with the share that came from one source and that source's concurrent connections;
/// <c>tcp.rejected</c>: attempts refused with RST.
/// </summary>
internal sealed class UnansweredConnectionRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        var attempts = point.Connections.Where(c => c.SynFrame > 0 && !c.RolesFromSynAck).ToList();
        foreach (var group in attempts.GroupBy(c => (c.ResponderAddress, c.ResponderPort)))
        {
            var unanswered = group.Where(c => c.Handshake == HandshakeResult.Unanswered).ToList();
            // One attempt at the very end of a capture is not a pattern; retried SYNs are.
            if (unanswered.Count == 0 || unanswered.All(c => c.SynCount < 2)) continue;
            string dest = Describe.Endpoint(group.Key.ResponderAddress, group.Key.ResponderPort);
            var bySource = unanswered.GroupBy(c => c.OriginatorAddress).OrderByDescending(g => g.Count()).ToList();
            var top = bySource[0];
            int topAttempts = group.Count(c => c.OriginatorAddress == top.Key);
            int others = group.Count(c => c.OriginatorAddress != top.Key);
            int othersUnanswered = unanswered.Count(c => c.OriginatorAddress != top.Key);
            int concurrent = MaxConcurrent(point.Connections.Where(c => c.OriginatorAddress == top.Key && c.ResponderAddress == group.Key.ResponderAddress));
            bool concentrated = bySource.Count > 0 && group.Select(c => c.OriginatorAddress).Distinct().Count() > 1 && othersUnanswered * 4 < Math.Max(1, others);
            yield return new Finding
            {
                Id = "tcp.unanswered-syn",
                Severity = Severity.Warning,
                Confidence = concentrated ? 0.8 : 0.65,
                Title = $"{unanswered.Count} of {group.Count()} connection attempts to {dest} got no answer (no SYN-ACK, no RST)",
                Explanation =
                    $"The SYNs were retried and nothing came back — no SYN-ACK, no RST, no ICMP: something on the path or the server drops them silently. " +
                    (concentrated
                        ? $"{top.Count()} of them came from {top.Key} ({top.Count() * 100 / Math.Max(1, topAttempts)}% of its {topAttempts} attempts, up to {concurrent} connections open at once), " +
                          $"while other sources were served — consistent with a per-source connection limit or flood protection on the server or a firewall, " +
                          "made worse when NAT funnels many clients into one address."
                        : $"Most came from {top.Key} ({top.Count()})."),
                Evidence = [.. unanswered.Take(5).Select(c => point.At(c.SynFrame, $"SYN from {Describe.Originator(c)}, sent {c.SynCount} times, unanswered"))],
                Connections = [.. unanswered.Take(10).Select(c => Describe.Connection(c, point.Name))],
                CannotTell = "A capture on the client side cannot tell whether the SYNs reached the server.",
                NextStep = $"Capture in front of and behind the firewall serving {dest}, and check its flood-protection / connection-quota settings for {top.Key}.",
            };
        }
        var rejected = attempts.Where(c => c.Handshake == HandshakeResult.Refused).ToList();
        foreach (var group in rejected.GroupBy(c => (c.ResponderAddress, c.ResponderPort)))
        {
            string dest = Describe.Endpoint(group.Key.ResponderAddress, group.Key.ResponderPort);
            yield return new Finding
            {
                Id = "tcp.rejected",
                Severity = Severity.Warning,
                Confidence = 0.9,
                Title = $"{group.Count()} connection attempt{(group.Count() == 1 ? "" : "s")} to {dest} refused with RST",
                Explanation = $"{dest} answered the SYN with a reset: nothing listens on that port, or a firewall rejects the connection.",
                Evidence = [.. group.Take(5).SelectMany(c => Refusal(point, c))],
                Connections = [.. group.Take(10).Select(c => Describe.Connection(c, point.Name))],
                CannotTell = "Whether the RST came from the server or from a firewall answering in its name (compare TTLs with the server's other packets).",
                NextStep = $"Check that the service listens on {dest} and which firewall rules apply to it.",
            };
        }
    }

    /// <summary>The SYN and the RST that answered it.</summary>
    private static IEnumerable<Evidence> Refusal(CapturePointFacts point, TcpConnection c)
    {
        yield return point.At(c.SynFrame, $"SYN from {Describe.Originator(c)}");
        foreach (var r in point.Resets.Resets)
        {
            if (r.Stream != c.Stream) continue;
            yield return point.At(r.Frame, $"RST from {Describe.Sender(c, r.FromOriginator)}");
            break;
        }
    }

    private static int MaxConcurrent(IEnumerable<TcpConnection> connections)
    {
        var edges = connections.SelectMany(c => new[] { (c.StartNs, 1), (c.EndNs, -1) }).OrderBy(e => e.Item1).ThenBy(e => e.Item2);
        int open = 0, max = 0;
        foreach (var (_, d) in edges)
        {
            open += d;
            max = Math.Max(max, open);
        }
        return max;
    }
}
