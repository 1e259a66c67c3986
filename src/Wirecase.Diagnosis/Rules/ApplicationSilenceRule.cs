using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;
using Wirecase.Protocols.Smtp;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// The application went silent on a connection that worked (Case E): an SMTP server that never answers the end of
/// the message (<c>smtp.no-reply-after-data</c>) or pipelined commands (<c>smtp.no-reply</c>), a ClientHello with
/// no ServerHello (<c>tls.no-server-hello</c>), an HTTP request without response (<c>http.no-response</c>), an LPD
/// command without its acknowledgement (<c>lpd.no-ack</c>), DNS queries without answer (<c>dns.no-response</c>). The
/// TCP side is checked: whether everything the client sent was acknowledged.
/// </summary>
internal sealed class ApplicationSilenceRule : IDiagnosisRule
{
    /// <summary>Shorter waits before the capture ended are not called silence.</summary>
    private const long SignificantWaitNs = SmtpSilence.SignificantWaitNs;
    /// <summary>A client that closes after waiting at least this long gave up waiting.</summary>
    private const long GaveUpWaitNs = 1_000_000_000;

    private static bool ServerSeen(TcpConnection c, bool clientIsOriginator) => c.Direction(!clientIsOriginator).Packets > 0;

    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        foreach (var s in point.Application.Smtp)
        {
            // A capture without the server's side cannot say the server was silent.
            if (!ServerSeen(s.Connection, s.ClientIsOriginator)) continue;
            long end = s.FinishedAt?.TimestampNs ?? s.Connection.EndNs;
            foreach (var t in s.Transactions.Where(t => t.EndOfData is { Reply: null }))
            {
                var dot = t.EndOfData!;
                long waited = end - dot.At.TimestampNs;
                if (waited < SignificantWaitNs && (s.ClientEnded is null || waited < GaveUpWaitNs)) continue;
                bool acked = Acked(s.Connection, s.ClientIsOriginator, t.EndOfDataStreamEnd);
                // Not all acknowledged: the message never fully reached the server, and the TCP findings (stalled data,
                // lost segments) say why. Silence is the server's only when TCP delivered everything.
                if (!acked) continue;
                string client = Describe.Sender(s.Connection, s.ClientIsOriginator), server = Describe.Receiver(s.Connection, s.ClientIsOriginator);
                yield return new Finding
                {
                    Id = "smtp.no-reply-after-data",
                    Severity = Severity.Error,
                    Confidence = 0.9,
                    Title = $"The SMTP server {server} never replied to the end of the message ({t.MessageBytes} bytes); the client waited {Describe.Seconds(waited)}",
                    Explanation =
                        $"{client} sent the message and the end-of-data line \".\" ({point.Frame(dot.At.Frame)}); " +
                        "TCP acknowledged all of it, so the data reached the server's TCP stack, " +
                        $"but no reply (250 queued, or an error) came in the next {Describe.Seconds(waited)}" +
                        (s.ClientEnded is { } ce ? $"; then the client gave up and closed ({point.Frame(ce.Frame)})." : " (until the end of the capture).") +
                        " TCP was fine; the SMTP server application did not answer.",
                    Evidence =
                    [
                        point.At(dot.At.Frame, "the end-of-data line"),
                        .. t.Data?.Reply is { } r354 ? new[] { point.At(r354.At.Frame, $"{r354.Code} from the server: send the data") } : [],
                        .. s.ClientEnded is { } closed ? new[] { point.At(closed.Frame, "the client closes the connection") } : [],
                    ],
                    Connections = [Describe.Connection(s.Connection, point.Name)],
                    CannotTell = "What the server was doing meanwhile (its logs will say: a content filter, a queue or disk problem, a crash).",
                    NextStep = $"Look at {server}'s logs for this message at that time; a capture on the server itself would show whether its reply was ever sent.",
                };
            }
            var silent = SmtpSilence.Unanswered(s);
            if (silent.Count > 0)
            {
                var first = silent[0];
                bool acked = Acked(s.Connection, s.ClientIsOriginator, first.StreamOffset + 1);
                if (!acked) continue;
                string server = Describe.Receiver(s.Connection, s.ClientIsOriginator);
                yield return new Finding
                {
                    Id = "smtp.no-reply",
                    Severity = Severity.Error,
                    Confidence = 0.85,
                    Title = $"The SMTP server {server} never answered {silent.Count} command{(silent.Count == 1 ? "" : "s")} ({string.Join(", ", silent.Take(4).Select(c => c.Verb))}…)",
                    Explanation =
                        $"The client sent {string.Join(", ", silent.Take(6).Select(c => c.ToString()))} " +
                        $"in a {first.SegmentBytes}-byte segment ({point.Frame(first.At.Frame)}); " +
                        "TCP acknowledged it, " + $"but no reply came in the next {Describe.Seconds(end - first.At.TimestampNs)}. " +
                        "When data is acknowledged and never answered, the acknowledgments may come from a middlebox that intercepts TCP rather than from the server " +
                        "(see the suspect-packet facts); a failure that depends on the exact segment size points the same way.",
                    Evidence = [.. silent.Take(6).Select(c => point.At(c.At.Frame, $"{c} ({c.SegmentBytes}-byte segment), never answered"))],
                    Connections = [Describe.Connection(s.Connection, point.Name)],
                    CannotTell = "Whether the commands reached the server application: the ACKs may have been generated by a firewall between the client and the server.",
                    NextStep = "Capture on the far side of the firewall at the same time: if the commands or the ACKs are missing there, the firewall is answering and losing data. Try the same envelope with a different size.",
                };
            }
        }
        foreach (var t in point.Application.Tls.Where(t => t.ClientHelloUnanswered && t.Alerts.Count == 0 && ServerSeen(t.Connection, t.ClientIsOriginator)))
        {
            long end = t.FinishedAt?.TimestampNs ?? t.Connection.EndNs;
            long waited = end - t.ClientHello!.At.TimestampNs;
            if (waited < SignificantWaitNs) continue;
            string server = Describe.Receiver(t.Connection, t.ClientIsOriginator);
            yield return new Finding
            {
                Id = "tls.no-server-hello",
                Severity = Severity.Error,
                Confidence = 0.8,
                Title = $"{server} never answered the TLS ClientHello{(t.ClientHello.ServerName is { } sni ? $" for {sni}" : "")}",
                Explanation = $"The client said hello ({point.Frame(t.ClientHello.At.Frame)}) and no ServerHello came in the next {Describe.Seconds(waited)}; {Describe.Ended(t.Connection)}.",
                Evidence = [point.At(t.ClientHello.At.Frame, "ClientHello")],
                Connections = [Describe.Connection(t.Connection, point.Name)],
                CannotTell = "Whether the ClientHello reached the server (a TLS-inspecting firewall may hold it).",
                NextStep = "Capture near the server; check the server's TLS configuration (protocol versions, SNI-based routing) and any TLS inspection on the path.",
            };
        }
        foreach (var h in point.Application.Http.Where(h => ServerSeen(h.Connection, h.ClientIsOriginator)))
        {
            // Silence is the server's only when TCP delivered the whole request and the capture missed nothing the
            // server sent (a gap may hold the response).
            if (!AllAcked(h.Connection, h.ClientIsOriginator) || h.Connection.Direction(!h.ClientIsOriginator).LostSegments > 0) continue;
            long end = h.FinishedAt?.TimestampNs ?? h.Connection.EndNs;
            var waiting = h.Unanswered.Where(e => e.Request.CompletedAt is { } done && end - done.TimestampNs >= SignificantWaitNs).ToList();
            if (waiting.Count == 0) continue;
            var rq = waiting[0].Request;
            string server = Describe.Receiver(h.Connection, h.ClientIsOriginator);
            yield return new Finding
            {
                Id = "http.no-response",
                Severity = Severity.Error,
                Confidence = 0.8,
                Title = $"{server} never answered {rq.Method} {rq.Target}",
                Explanation = $"The request was complete at {point.Frame(rq.CompletedAt!.Value.Frame)} and no response came in the next {Describe.Seconds(end - rq.CompletedAt.Value.TimestampNs)}; {Describe.Ended(h.Connection)}.",
                Evidence = [.. waiting.Take(5).Select(e => point.At(e.Request.CompletedAt!.Value.Frame, $"{e.Request.Method} {e.Request.Target}"))],
                Connections = [Describe.Connection(h.Connection, point.Name)],
                CannotTell = "Whether the server received the request and was busy, or the request was held on the way.",
                NextStep = "Capture at the server at the same time to tell server think time from path delay; check the server's logs for the request.",
            };
        }
        foreach (var l in point.Application.Lpd.Where(l => ServerSeen(l.Connection, l.ClientIsOriginator)))
        {
            var waiting = l.Unacknowledged.ToList();
            if (waiting.Count == 0) continue;
            string server = Describe.Receiver(l.Connection, l.ClientIsOriginator);
            yield return new Finding
            {
                Id = "lpd.no-ack",
                Severity = Severity.Error,
                Confidence = 0.75,
                Title = $"The print server {server} never acknowledged '{waiting[0]}'",
                Explanation = $"LPD acknowledges every command and file with one byte; this {waiting[0].Name} ({point.Frame(waiting[0].At.Frame)}) got none; {Describe.Ended(l.Connection)}.",
                Evidence = [.. waiting.Take(5).Select(c => point.At(c.At.Frame, c.ToString()))],
                Connections = [Describe.Connection(l.Connection, point.Name)],
                CannotTell = "Whether the print server received the command.",
                NextStep = "Check the print server's queue and logs; capture at the server.",
            };
        }
        foreach (var server in point.Application.Dns.Exchanges
                     .Where(e => e.Response is null && !IsMulticast(e.Server))
                     .GroupBy(e => Describe.Endpoint(e.Server, e.ServerPort)))
        {
            var list = server.ToList();
            if (list.Count < 2 && list.All(e => e.Retransmissions.Count == 0)) continue;
            yield return new Finding
            {
                Id = "dns.no-response",
                Severity = Severity.Warning,
                Confidence = 0.7,
                Title = $"{list.Count} DNS quer{(list.Count == 1 ? "y" : "ies")} to {server.Key} got no answer",
                Explanation = $"For example {list[0].Query.Name} ({Protocols.Dns.DnsNames.Type(list[0].Query.Type)}), sent {1 + list[0].Retransmissions.Count} time(s) and never answered.",
                Evidence = [.. list.Take(5).Select(e => point.At(e.QueryAt.Frame, $"query {e.Query.Name}"))],
                CannotTell = "Whether the queries reached the server.",
                NextStep = $"Check that {server.Key} is reachable and serving, and whether a firewall drops DNS to it.",
            };
        }
    }

    /// <summary>Everything the client sent up to <paramref name="streamOffset"/> was acknowledged by the server.</summary>
    private static bool Acked(TcpConnection c, bool clientIsOriginator, long streamOffset)
    {
        var client = c.Direction(clientIsOriginator);
        var server = c.Direction(!clientIsOriginator);
        if (!server.HasLastAckValue || !client.BaseSeqSet) return false;
        long acked = (uint)(server.LastAckValue - client.BaseSeq - 1);
        return acked >= streamOffset;
    }

    /// <summary>Everything the client sent was acknowledged by the server.</summary>
    private static bool AllAcked(TcpConnection c, bool clientIsOriginator)
    {
        var client = c.Direction(clientIsOriginator);
        var server = c.Direction(!clientIsOriginator);
        return client.NextSeqValue is { } next && server.HasLastAckValue && unchecked((int)(server.LastAckValue - next)) >= 0;
    }

    private static bool IsMulticast(Packets.IpAddressValue a)
    {
        Span<byte> b = stackalloc byte[16];
        a.CopyTo(b);
        return a.Version == 4 ? b[0] >= 224 && b[0] <= 239 : b[0] == 0xFF;
    }
}
