using System.Globalization;
using Wirecase.Flows.Tcp;
using Wirecase.Packets;

namespace Wirecase.Diagnosis;

/// <summary>How findings name connections, endpoints and durations.</summary>
internal static class Describe
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Endpoint(IpAddressValue address, ushort port) => address.Version == 6 ? $"[{address}]:{port}" : $"{address}:{port}";

    public static string Originator(TcpConnection c) => Endpoint(c.OriginatorAddress, c.OriginatorPort);
    public static string Responder(TcpConnection c) => Endpoint(c.ResponderAddress, c.ResponderPort);

    public static string Sender(TcpConnection c, bool fromOriginator) => fromOriginator ? Originator(c) : Responder(c);
    public static string Receiver(TcpConnection c, bool fromOriginator) => fromOriginator ? Responder(c) : Originator(c);

    public static string Connection(TcpConnection c, string? file = null) =>
        $"{(file is null ? "" : file + " ")}tcp.stream {c.Stream}: {Originator(c)} → {Responder(c)}";

    public static string Capitalized(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    public static string Seconds(long ns) => ns >= 10_000_000_000 ? (ns / 1e9).ToString("0", Inv) + " s"
        : ns >= 1_000_000_000 ? (ns / 1e9).ToString("0.0#", Inv) + " s"
        : (ns / 1e6).ToString("0.###", Inv) + " ms";

    public static string Ended(TcpConnection c)
    {
        var o = c.Originator;
        var r = c.Responder;
        if (r.SawRst) return $"{Responder(c)} reset it";
        if (o.SawRst) return $"{Originator(c)} reset it";
        if (o.SawFin && r.SawFin) return "both sides closed it";
        if (r.SawFin) return $"{Responder(c)} closed its side";
        if (o.SawFin) return $"{Originator(c)} closed its side";
        return "it was still open at the end of the capture";
    }
}
