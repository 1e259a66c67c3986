using Wirecase.Protocols.Icmp;

namespace Wirecase.Cli.Output.Sessions;

/// <summary>`sessions icmp`: echo requests with their replies, and errors with the connection they quote.</summary>
internal static class IcmpRows
{
    public static SessionRow Echo(IcmpEcho e, long firstNs) =>
        new SessionRow("icmp")
            .Add("kind", "echo")
            .Add("frame", e.Request.Frame)
            .Add("time", Times.Relative(e.Request.TimestampNs, firstNs))
            .Add("source", e.Source.ToString())
            .Add("destination", e.Destination.ToString())
            .Add("id", $"0x{e.Identifier:x4}")
            .Add("seq", (int)e.Sequence)
            .Add("payloadBytes", e.PayloadBytes)
            .Add("replyFrame", e.Reply?.Frame)
            .Add("rtt", Times.Seconds(e.RttNs))
            .Add("outcome", e.Reply is null ? "no reply" : "reply");

    public static SessionRow Error(IcmpError e, long firstNs) =>
        new SessionRow("icmp")
            .Add("kind", e.Kind)
            .Add("frame", e.At.Frame)
            .Add("time", Times.Relative(e.At.TimestampNs, firstNs))
            .Add("reporter", e.Reporter.ToString())
            .Add("mtu", e.Mtu is { } m ? (long)m : null)
            .Add("quoted", e.QuotedSourcePort is { } sp
                ? $"{Proto(e.QuotedProtocol)} {e.QuotedSource}:{sp} → {e.QuotedDestination}:{e.QuotedDestinationPort}"
                : $"{Proto(e.QuotedProtocol)} {e.QuotedSource} → {e.QuotedDestination}")
            .Add("dontFragment", e.QuotedDontFragment)
            .Add("stream", e.Connection?.Stream);

    private static string Proto(byte p) => p switch { 6 => "TCP", 17 => "UDP", 1 => "ICMP", 58 => "ICMPv6", _ => $"proto {p}" };
}
