using Wirecase.Diagnosis.Facts;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// Errors the applications said out loud: SMTP 4xx replies (<c>smtp.temporary-failure</c>: 421 4.4.2 timeout in
/// Case A) and 5xx to anything but a recipient (<c>smtp.permanent-failure</c>), fatal TLS alerts (<c>tls.alert</c>),
/// HTTP 5xx (<c>http.server-error</c>), DNS server failures and refusals (<c>dns.server-failure</c>). A refused
/// recipient is ordinary mail traffic and is not reported.
/// </summary>
internal sealed class ApplicationErrorRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        foreach (var s in point.Application.Smtp)
        {
            var replies = s.Commands.Where(c => c.Reply is { Code: >= 400 } && c.Verb != "RCPT" && c.Verb != "(unparsable)")
                .Select(c => (Command: c.ToString(), Reply: c.Reply!))
                .Concat(s.UnexpectedReplies.Where(r => r.Code >= 400).Select(r => (Command: "(nothing)", Reply: r)))
                .OrderBy(x => x.Reply.At.Frame).ToList();
            if (replies.Count == 0) continue;
            var (command, reply) = replies[0];
            bool temporary = reply.Code < 500;
            string server = Describe.Receiver(s.Connection, s.ClientIsOriginator);
            yield return new Finding
            {
                Id = temporary ? "smtp.temporary-failure" : "smtp.permanent-failure",
                Severity = Severity.Warning,
                Confidence = 0.95,
                Title = $"The SMTP server {server} answered {reply.Code}{(reply.EnhancedCode is { } e ? " " + e : "")}: {reply.Lines[0]}",
                Explanation = $"In reply to {command} ({point.Frame(reply.At.Frame)}){(reply.Code == 421 ? "; 421 means the server is closing the connection — with 4.4.2, because it timed out waiting for the client" : "")}." +
                              (replies.Count > 1 ? $" {replies.Count - 1} more error replies on this connection." : ""),
                Evidence = [.. replies.Take(5).Select(x => point.At(x.Reply.At.Frame, $"{x.Reply.Code} {x.Reply.Lines[0]}"))],
                Connections = [Describe.Connection(s.Connection, point.Name)],
                CannotTell = reply.Code == 421 ? "Why the server waited in vain: look at the TCP findings of the same connection (stalled data)." : "",
                NextStep = reply.Code == 421 ? "Check whether the client's data reached the server (stalled data on this connection?)." : "Read the server's text; its logs will have the detail.",
            };
        }
        foreach (var t in point.Application.Tls)
        {
            var fatal = t.Alerts.Where(a => !a.Encrypted && a.Level == 2).ToList();
            if (fatal.Count == 0) continue;
            var a = fatal[0];
            yield return new Finding
            {
                Id = "tls.alert",
                Severity = Severity.Warning,
                Confidence = 0.95,
                Title = $"TLS handshake failed: the {(a.FromClient ? "client" : "server")} sent a fatal alert ({a.DescriptionName})",
                Explanation = $"{Describe.Capitalized(point.Frame(a.At.Frame))}: {a}." + (t.ClientHello?.ServerName is { } sni ? $" The client asked for {sni}." : ""),
                Evidence = [.. fatal.Take(3).Select(x => point.At(x.At.Frame, x.ToString()))],
                Connections = [Describe.Connection(t.Connection, point.Name)],
                NextStep = "Compare the client's offer (versions, cipher suites, SNI) with the server's configuration; the alert names the mismatch.",
            };
        }
        foreach (var h in point.Application.Http)
        {
            var errors = h.Exchanges.Where(e => e.Response is { Status: >= 500 }).ToList();
            if (errors.Count == 0) continue;
            var e = errors[0];
            yield return new Finding
            {
                Id = "http.server-error",
                Severity = Severity.Warning,
                Confidence = 0.9,
                Title = $"{errors.Count} HTTP request{(errors.Count == 1 ? "" : "s")} answered with a server error ({e.Response!.Status} {e.Response.Reason})",
                Explanation = $"{e.Request.Method} {e.Request.Target} got {e.Response.Status}.",
                Evidence = [.. errors.Take(5).Select(x => point.At(x.Response!.At.Frame, $"{x.Response.Status} for {x.Request.Method} {x.Request.Target}"))],
                Connections = [Describe.Connection(h.Connection, point.Name)],
                NextStep = "The server's logs for these requests.",
            };
        }
        foreach (var server in point.Application.Dns.Exchanges.Where(e => e.Response is { Rcode: 2 or 5 }).GroupBy(e => Describe.Endpoint(e.Server, e.ServerPort)))
        {
            var list = server.ToList();
            yield return new Finding
            {
                Id = "dns.server-failure",
                Severity = Severity.Warning,
                Confidence = 0.9,
                Title = $"{server.Key} answered {list.Count} quer{(list.Count == 1 ? "y" : "ies")} with {list[0].Response!.RcodeName}",
                Explanation = $"For example {list[0].Query.Name}: the server could not (SERVFAIL) or would not (REFUSED) resolve it.",
                Evidence = [.. list.Take(5).Select(x => point.At(x.ResponseAt!.Value.Frame, $"{x.Response!.RcodeName} for {x.Query.Name}"))],
                NextStep = $"Check {server.Key}'s forwarders and upstream reachability, or its access rules.",
            };
        }
    }
}
