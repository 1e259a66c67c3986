using Wirecase.Protocols.Http;

namespace Wirecase.Cli.Output.Sessions;

/// <summary>`sessions http`: one row per request and its response.</summary>
internal static class HttpRows
{
    public static IEnumerable<SessionRow> Of(HttpSession s, long firstNs)
    {
        foreach (var e in s.Exchanges)
        {
            var rq = e.Request;
            var rs = e.Response;
            yield return SessionRow.At("http", s, rq.At.Frame, rq.At.TimestampNs, firstNs)
                .Add("method", rq.Method)
                .Add("host", rq.Host)
                .Add("target", rq.Target)
                .Add("requestBytes", rq.BodyBytes)
                .Add("status", rs?.Status)
                .Add("reason", rs?.Reason)
                .Add("responseFrame", rs?.At.Frame)
                .Add("responseBytes", rs?.BodyBytes)
                .Add("responseTime", Times.Seconds(e.ResponseTimeNs))
                .Add("completionTime", Times.Seconds(e.CompletionTimeNs))
                .Add("outcome", rs is null ? (rq.CompletedAt is null ? "request incomplete" : "no response") : rs.Status < 400 ? "ok" : "error");
        }
    }
}
