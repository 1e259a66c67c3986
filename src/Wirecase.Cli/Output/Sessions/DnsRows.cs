using Wirecase.Protocols.Dns;

namespace Wirecase.Cli.Output.Sessions;

/// <summary>`sessions dns`: one row per query and its response.</summary>
internal static class DnsRows
{
    public static SessionRow Of(DnsExchange e, long firstNs) =>
        new SessionRow("dns")
            .Add("frame", e.QueryAt.Frame)
            .Add("time", Times.Relative(e.QueryAt.TimestampNs, firstNs))
            .Add("client", $"{e.Client}:{e.ClientPort}")
            .Add("server", $"{e.Server}:{e.ServerPort}")
            .Add("transport", e.OverTcp ? "tcp" : "udp")
            .Add("id", $"0x{e.Query.Id:x4}")
            .Add("type", DnsNames.Type(e.Query.Type))
            .Add("name", e.Query.Name)
            .Add("responseFrame", e.ResponseAt?.Frame)
            .Add("rcode", e.Response?.RcodeName)
            .Add("answers", e.Response?.Answers.ToList() ?? [])
            .Add("latency", Times.Seconds(e.LatencyNs))
            .Add("retransmissions", e.Retransmissions.Count)
            .Add("outcome", e.Response is null ? "no response" : e.Response.Rcode == 0 ? "ok" : e.Response.RcodeName);
}
