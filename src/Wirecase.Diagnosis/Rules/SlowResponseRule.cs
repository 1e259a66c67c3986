using Wirecase.Diagnosis.Facts;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// Servers that took long to answer compared with the network's round trip (the connection's handshake RTT) — time
/// spent in the server, or on a relay between the capture point and the server, not on the wire near the capture
/// point: <c>http.slow-response</c> (request end to the first response byte), <c>smtp.slow-reply</c> (command to
/// reply; SMTP servers may take seconds on purpose, so only long waits count), <c>tls.slow-handshake</c>
/// (ClientHello to ServerHello) and <c>dns.slow-response</c> (first copy of the query to the response).
/// </summary>
internal sealed class SlowResponseRule : IDiagnosisRule
{
    private const long SlowNs = 1_000_000_000;
    private const long SlowSmtpNs = 10_000_000_000;
    private const int RttMultiple = 20;

    private sealed record Wait(Wirecase.Flows.Tcp.TcpConnection? C, long AskedFrame, long AnsweredFrame, long Ns, string What);

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
        var smtp = point.Application.Smtp.SelectMany(s => s.Commands
            .Where(c => c.ResponseTimeNs is { } t && t >= SlowSmtpNs && Beyond(t, s.Connection.InitialRttNs))
            .Select(c => (Server: Describe.Receiver(s.Connection, s.ClientIsOriginator), Wait: new Wait(s.Connection, c.At.Frame, c.Reply!.At.Frame, c.ResponseTimeNs!.Value, c.Verb == "." ? "the end of the message" : c.Verb))));
        foreach (var f in Aggregate(point, smtp, "smtp.slow-reply", "SMTP", "reply")) yield return f;
        // A ClientHello that had to be retransmitted waited for loss recovery, not for the server.
        var tls = point.Application.Tls.Where(t => t.ClientHello is not null && t.ServerHello is not null && t.Connection.Direction(t.ClientIsOriginator).Retransmissions == 0)
            .Select(t => (t, Ns: t.ServerHello!.At.TimestampNs - t.ClientHello!.At.TimestampNs))
            .Where(x => x.Ns >= SlowNs && Beyond(x.Ns, x.t.Connection.InitialRttNs))
            .Select(x => (Server: Describe.Receiver(x.t.Connection, x.t.ClientIsOriginator), Wait: new Wait(x.t.Connection, x.t.ClientHello!.At.Frame, x.t.ServerHello!.At.Frame, x.Ns, "the ClientHello")));
        foreach (var f in Aggregate(point, tls, "tls.slow-handshake", "TLS", "ServerHello")) yield return f;
        var dns = point.Application.Dns.Exchanges.Where(e => e.ResponseAt is { } r && r.TimestampNs - e.QueryAt.TimestampNs >= SlowNs)
            .Select(e => (Server: Describe.Endpoint(e.Server, e.ServerPort), Wait: new Wait(null, e.QueryAt.Frame, e.ResponseAt!.Value.Frame, e.ResponseAt.Value.TimestampNs - e.QueryAt.TimestampNs, $"the query for {e.Query.Name}")));
        foreach (var f in Aggregate(point, dns, "dns.slow-response", "DNS", "response")) yield return f;
    }

    private static bool Beyond(long ns, long rtt) => rtt <= 0 || ns >= rtt * RttMultiple;

    /// <summary>One finding per server: how many answers were slow, the slowest, and the network round trip.</summary>
    private static IEnumerable<Finding> Aggregate(CapturePointFacts point, IEnumerable<(string Server, Wait Wait)> waits, string id, string protocol, string answer)
    {
        foreach (var group in waits.GroupBy(w => w.Server))
        {
            var list = group.Select(g => g.Wait).ToList();
            var worst = list.MaxBy(w => w.Ns)!;
            long rtt = worst.C?.InitialRttNs ?? 0;
            yield return new Finding
            {
                Id = id,
                Severity = Severity.Warning,
                Confidence = rtt > 0 ? 0.75 : 0.6,
                Title = $"The {protocol} server {group.Key} took up to {Describe.Seconds(worst.Ns)} to {(answer == "reply" ? "reply" : $"send its {answer}")}" +
                        (rtt > 0 ? $" while the network round trip is {Describe.Seconds(rtt)}" : ""),
                Explanation =
                    $"{list.Count} {protocol} {(list.Count == 1 ? "exchange" : "exchanges")} with {group.Key} waited {Describe.Seconds(list.Min(w => w.Ns))} or more for the {answer}; " +
                    $"the slowest was {worst.What} ({point.Frame(worst.AskedFrame)}), answered {Describe.Seconds(worst.Ns)} later ({point.Frame(worst.AnsweredFrame)})" +
                    (rtt > 0 ? $", against a handshake round trip of {Describe.Seconds(rtt)}: the time was spent in the server or beyond this capture point, not on the network near it." : "."),
                Evidence = [.. list.OrderByDescending(w => w.Ns).Take(3).SelectMany(w => new[]
                {
                    point.At(w.AskedFrame, w.What),
                    point.At(w.AnsweredFrame, $"the {answer}, {Describe.Seconds(w.Ns)} later"),
                })],
                Connections = [.. list.Where(w => w.C is not null).Select(w => Describe.Connection(w.C!, point.Name)).Distinct().Take(10)],
                CannotTell = "Whether the server itself was slow (busy, waiting on a back end, a content filter or a DNS lookup of its own) or a relay on the path held the exchange.",
                NextStep = $"Capture at {group.Key} at the same time and check its logs for those exchanges: a request that arrives at once and is answered late is the server's time.",
            };
        }
    }
}
