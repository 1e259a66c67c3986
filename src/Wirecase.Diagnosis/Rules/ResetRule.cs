using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// <c>tcp.reset-by-server</c> and <c>tcp.resets</c>: connections ended by a RST, said with who sent it, when and after
/// what. A RST after a FIN is an ordinary abortive close and is left out; a RST answering a SYN is a rejection
/// (<c>tcp.rejected</c>). A server that resets right after the client's data — instead of answering it — is a warning;
/// clients resetting, and resets after a long idle time (idle timeouts), are noted as information.
/// </summary>
internal sealed class ResetRule : IDiagnosisRule
{
    /// <summary>Silence before a RST at least this long makes it a reset after idle time.</summary>
    private const long IdleNs = 30_000_000_000;

    private enum Kind { AfterPeerData, AfterOwnData, AfterIdle }

    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        var groups = new Dictionary<(string Server, bool ByServer, Kind Kind), List<(ResetEvent R, TcpConnection C)>>();
        foreach (var r in point.Resets.Resets)
        {
            var c = point.Connections[r.Stream];
            if (c.Handshake != HandshakeResult.Completed && c.Originator.PayloadBytes == 0 && c.Responder.PayloadBytes == 0) continue;
            if (r.SenderSentFin || r.PeerSentFin) continue;   // an abortive close after a close: ordinary
            if (c.SynAnsweredByAck > 0 || c.ReusedPorts) continue;   // a stack clearing stale state (tcp.syn-answered-by-ack)
            bool byServer = !r.FromOriginator;
            long last = Math.Max(r.SenderLastPayloadNs, r.PeerLastPayloadNs);
            long lastActivity = last > 0 ? last : c.StartNs;
            var kind = r.TimestampNs - lastActivity >= IdleNs ? Kind.AfterIdle
                : r.PeerLastPayloadNs > r.SenderLastPayloadNs ? Kind.AfterPeerData : Kind.AfterOwnData;
            var key = (Describe.Responder(c), byServer, kind);
            if (!groups.TryGetValue(key, out var list)) groups[key] = list = [];
            list.Add((r, c));
        }
        foreach (var ((server, byServer, kind), list) in groups.OrderBy(g => g.Key.Server, StringComparer.Ordinal))
        {
            // Who is the server is known only when the capture saw the connection open.
            bool warning = byServer && kind == Kind.AfterPeerData && list.Any(x => !x.C.MidStream);
            var first = list[0];
            string who = byServer ? $"the server {server}" : "the client";
            string what = kind switch
            {
                Kind.AfterIdle => $"after {Describe.Seconds(first.R.TimestampNs - Math.Max(Math.Max(first.R.SenderLastPayloadNs, first.R.PeerLastPayloadNs), first.C.StartNs))} without data (an idle timeout on a host or a firewall)",
                Kind.AfterPeerData => byServer
                    ? $"{Describe.Seconds(first.R.TimestampNs - first.R.PeerLastPayloadNs)} after the client's data, without answering it"
                    : $"{Describe.Seconds(first.R.TimestampNs - first.R.PeerLastPayloadNs)} after the server's data, without a FIN close",
                _ => byServer ? "right after sending its own data, without a FIN close" : "after its own data, without a FIN close",
            };
            int n = list.Count;
            yield return new Finding
            {
                Id = warning ? "tcp.reset-by-server" : "tcp.resets",
                Severity = warning ? Severity.Warning : Severity.Info,
                Confidence = warning ? 0.7 : 0.6,
                Title = $"{n} connection{(n == 1 ? "" : "s")} to {server} reset by {(byServer ? "the server" : "the client")} {Short(kind, byServer)}",
                Explanation =
                    $"{Describe.Capitalized(who)} ended {n} connection{(n == 1 ? "" : "s")} with a RST {what} (first: tcp.stream {first.C.Stream}, {point.Frame(first.R.Frame)}). " +
                    (warning
                        ? "A server that resets instead of answering refused what the client sent (an application that crashed or closed its socket with unread data, a protocol error, a limit) — or a device on the path reset in its name."
                        : kind == Kind.AfterIdle
                            ? "Idle connections reset by a host or a firewall are usually a timeout; they matter only if the application expected the connection to stay open."
                            : "Many applications close this way on purpose; it matters only when the application reports an error at that time."),
                Evidence = [.. list.Take(6).Select(x => point.At(x.R.Frame, $"RST from {Describe.Sender(x.C, x.R.FromOriginator)}"))],
                Connections = [.. list.Take(10).Select(x => Describe.Connection(x.C, point.Name))],
                CannotTell = "Why the host reset: its application log says; the TTL of the RST (see suspect middlebox packets) tells whether it came from the host itself.",
                NextStep = warning ? $"Check {server}'s application log at those times; capture next to {server} to confirm the RST left it." : "",
            };
        }
    }

    private static string Short(Kind kind, bool byServer) => kind switch
    {
        Kind.AfterIdle => "after idle time",
        Kind.AfterPeerData => byServer ? "instead of answering the client's data" : "after the server's data",
        _ => "after its own data",
    };
}
