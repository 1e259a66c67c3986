using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Transport;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// <c>tcp.middlebox-packets</c> (Cases B and C): within one connection a host's packets all come from the same stack
/// over the same path, so they share a TTL, an IP ID habit (numbered or zero) and a TCP timestamp habit. Packets in a
/// host's name that break those habits were most likely made by something on the path — a firewall, proxy or load
/// balancer answering for the host. ACKs among them are the dangerous ones: the sender believes its data arrived.
/// A different TTL is required; IP ID and timestamp habits alone are not enough (stacks vary them for keep-alives and
/// control segments) and only add to the confidence. One finding per claimed sender host, over all its connections.
/// </summary>
internal sealed class MiddleboxPacketRule : IDiagnosisRule
{
    private const long MeasurableRttNs = 1_000_000;
    private const TcpAnalysisFlags KeepAlive = TcpAnalysisFlags.KeepAlive | TcpAnalysisFlags.KeepAliveAck;

    private sealed record Odd(TcpConnection C, bool FromOriginator, List<SegmentEvent> Packets, bool DataIsOdd);

    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        var byHost = new Dictionary<string, List<Odd>>();
        foreach (var c in point.Connections)
        {
            var events = point.Events.Of(c.Stream);
            foreach (bool fromOriginator in (ReadOnlySpan<bool>)[true, false])
            {
                var direction = fromOriginator ? c.Originator : c.Responder;
                var odd = events.Where(e => e.FromOriginator == fromOriginator && e.Has(TcpAnalysisFlags.TtlChanged) && (e.Flags & KeepAlive) == 0).ToList();
                if (odd.Count == 0 || odd.Count >= direction.Packets) continue;
                // The host's own packets are the ones carrying its data. When all of it came in the packets that differ
                // from the first, the first ones (the handshake, bare ACKs) are the stranger's: a proxy or load balancer
                // answering the handshake for the host.
                long oddPayload = odd.Sum(e => (long)e.PayloadLength);
                bool dataIsOdd = oddPayload > 0 && oddPayload >= direction.PayloadBytes;
                // Then only a different initial TTL (another kind of stack) says so for sure; a hop more or less could
                // be the same stack whose data took another route.
                if (dataIsOdd && InitialTtl.Of(odd[0].Ttl) == InitialTtl.Of(direction.FirstTtl)) continue;
                if (!dataIsOdd && odd.Count * 2 >= direction.Packets) continue;   // no clear habit to compare with
                string host = (fromOriginator ? c.OriginatorAddress : c.ResponderAddress).ToString();
                if (!byHost.TryGetValue(host, out var list)) byHost[host] = list = [];
                list.Add(new Odd(c, fromOriginator, odd, dataIsOdd));
            }
        }
        foreach (var (host, connections) in byHost)
            yield return connections.Any(x => !x.DataIsOdd) ? Strangers(point, host, [.. connections.Where(x => !x.DataIsOdd)]) : Handshaker(point, host, connections);
    }

    /// <summary>A few packets in the host's name that differ from the rest (Case B's ACKs, an injected RST).</summary>
    private static Finding Strangers(CapturePointFacts point, string host, List<Odd> connections)
    {
        var all = connections.SelectMany(x => x.Packets).ToList();
        var first = connections[0];
        var own = first.FromOriginator ? first.C.Originator : first.C.Responder;
        var differences = Differences(all, own.FirstTtl);
        var acks = all.Where(e => e.PayloadLength == 0 && (e.TcpFlags & (TcpFlags.Ack | TcpFlags.Syn | TcpFlags.Rst | TcpFlags.Fin)) == TcpFlags.Ack).ToList();
        var resets = all.Where(e => (e.TcpFlags & TcpFlags.Rst) != 0).ToList();
        // An ACK sooner after the data than the path's round trip allows cannot have come from the far host.
        var fast = connections.SelectMany(x => x.Packets.Where(e => acks.Contains(e) && e.AckRttNs > 0 && x.C.InitialRttNs >= MeasurableRttNs && e.AckRttNs * 2 < x.C.InitialRttNs)).ToList();
        int other = all.Count - acks.Count - resets.Count;
        string kinds = string.Join(", ", new[]
        {
            acks.Count > 0 ? Plural(acks.Count, "ACK") : null,
            resets.Count > 0 ? Plural(resets.Count, "RST") : null,
            other > 0 ? $"{other} other packet{(other == 1 ? "" : "s")}" : null,
        }.Where(x => x is not null));
        return new Finding
        {
            Id = "tcp.middlebox-packets",
            Severity = Severity.Warning,
            Confidence = Math.Min(0.9, 0.5 + 0.12 * differences.Count + (fast.Count > 0 ? 0.1 : 0)),
            Title = $"{Plural(all.Count, "packet")} in {host}'s name differ from its own ({string.Join("; ", differences)}): probably made by a middlebox",
            Explanation =
                $"In {Plural(connections.Count, "connection")}, {host}'s packets share one stack's habits (TTL {own.FirstTtl}), " +
                $"but {kinds} claiming to come from it show {string.Join(", ", differences)}. A host and its path do not change within a connection, " +
                "so something on the path — a firewall, proxy or load balancer — most likely sent them in the host's name." +
                (acks.Count > 0 ? $" ACKs made by a middlebox tell the sender its data arrived when it may never have reached {host}." : "") +
                (fast.Count > 0 ? $" {fast.Count} of those ACKs came sooner after the data than half the connection's round trip ({Describe.Seconds(first.C.InitialRttNs)}), too fast for {host} to have sent them." : ""),
            Evidence = [.. all.Take(8).Select(e => point.At(e.Frame, $"{Kind(e)} in {host}'s name: TTL {e.Ttl}, IP ID {e.IpId}{(e.HasTimestamps ? "" : ", no timestamps")}"))],
            Connections = [.. connections.Take(10).Select(x => Describe.Connection(x.C, point.Name))],
            CannotTell = "From one capture point it cannot be proven who sent these packets; a route change within the connection would also change the TTL (rare).",
            NextStep = $"Capture on the far side of the firewall or proxy, next to {host}, at the same time: packets present on the near side and absent on the far side were generated in between.",
        };
    }

    /// <summary>The host's data comes with one TTL and its handshake and bare ACKs with another: something on the
    /// path (a SYN proxy, a load balancer) completes the handshake in its name.</summary>
    private static Finding Handshaker(CapturePointFacts point, string host, List<Odd> connections)
    {
        var first = connections[0];
        var direction = first.FromOriginator ? first.C.Originator : first.C.Responder;
        byte dataTtl = first.Packets[0].Ttl;
        var evidence = new List<Evidence>();
        foreach (var x in connections.Take(4))
        {
            long handshake = x.FromOriginator ? x.C.SynFrame : x.C.SynAckFrame;
            if (handshake > 0) evidence.Add(point.At(handshake, $"{(x.FromOriginator ? "SYN" : "SYN-ACK")} in {host}'s name, TTL {(x.FromOriginator ? x.C.Originator : x.C.Responder).FirstTtl}"));
            evidence.AddRange(x.Packets.Take(2).Select(e => point.At(e.Frame, $"{Kind(e)} from {host}, TTL {e.Ttl}")));
        }
        return new Finding
        {
            Id = "tcp.middlebox-packets",
            Severity = Severity.Warning,
            Confidence = 0.7,
            Title = $"{host}'s handshake and ACKs (TTL {direction.FirstTtl}) come from another stack than its data (TTL {dataTtl}): a proxy or load balancer answers in its name",
            Explanation =
                $"In {Plural(connections.Count, "connection")}, the packets in {host}'s name that carry its data arrive with TTL {dataTtl}, " +
                $"while its SYN-ACK and bare ACKs arrive with TTL {direction.FirstTtl}. One host on one path would use one TTL: a device in between " +
                "(a SYN proxy, load balancer or firewall) completes the handshake and acknowledges data itself, and the real server sends the data.",
            Evidence = evidence,
            Connections = [.. connections.Take(10).Select(x => Describe.Connection(x.C, point.Name))],
            CannotTell = "Which device answers: the TTL only says how many hops away it is (its initial TTL minus what arrives).",
            NextStep = $"Capture next to {host}: a handshake that never reaches it confirms the proxy. Faults in such a path (resets, stalls) are the proxy's as often as the server's.",
        };
    }

    private static List<string> Differences(List<SegmentEvent> all, byte ownTtl)
    {
        var differences = new List<string>();
        var ttls = all.Where(e => e.Has(TcpAnalysisFlags.TtlChanged)).Select(e => e.Ttl).Distinct().ToList();
        if (ttls.Count > 0) differences.Add($"TTL {string.Join("/", ttls.Take(4))} instead of {ownTtl}");
        if (all.FirstOrDefault(e => e.Has(TcpAnalysisFlags.IpIdStyleChanged)) is { Frame: > 0 } id)
            differences.Add(id.IpId == 0 ? "IP ID 0 where the host numbers its packets" : "numbered IP IDs where the host sends 0");
        if (all.FirstOrDefault(e => e.Has(TcpAnalysisFlags.OptionsStyleChanged)) is { Frame: > 0 } ts)
            differences.Add(ts.HasTimestamps ? "TCP timestamps the host does not send" : "no TCP timestamps where the host always sends them");
        return differences;
    }


    private static string Plural(int n, string word) => $"{n} {word}{(n == 1 ? "" : "s")}";

    private static string Kind(in SegmentEvent e) =>
        (e.TcpFlags & TcpFlags.Rst) != 0 ? "RST" : e.PayloadLength > 0 ? $"{e.PayloadLength}-byte segment" : (e.TcpFlags & TcpFlags.Fin) != 0 ? "FIN" : "ACK";
}
