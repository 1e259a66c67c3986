using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// <c>tcp.size-specific-loss</c> (Case B): across the connections to one server, the exchanges that went unanswered
/// all stalled right after a segment of a particular size, while segments both smaller and larger were answered. A
/// path MTU problem loses everything above a size; a fault at one exact size (512 passes, 513 fails, 514 passes) is a
/// middlebox that re-segments or inspects the stream and mishandles that size. Read from SMTP, where a pipelining
/// client sends its whole envelope in one segment and every command gets a reply.
/// </summary>
internal sealed class SizeSpecificLossRule : IDiagnosisRule
{
    /// <summary>How close an answered size must be to a failing one, below and above, to call the failure size-specific.</summary>
    private const int NeighbourBytes = 64;

    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        var byServer = new Dictionary<string, (List<(int Size, long Frame, TcpConnection C)> Failed, SortedSet<int> Passed)>();
        foreach (var s in point.Application.Smtp)
        {
            string server = Describe.Receiver(s.Connection, s.ClientIsOriginator);
            if (!byServer.TryGetValue(server, out var entry)) byServer[server] = entry = ([], []);
            foreach (var c in s.Commands)
            {
                if (c.SegmentBytes <= 0) continue;
                if (c.Reply is not null) entry.Passed.Add(c.SegmentBytes);
            }
            var firstSilent = SmtpSilence.Unanswered(s).FirstOrDefault(c => c.SegmentBytes > 0);
            if (firstSilent is not null && s.Connection.Direction(!s.ClientIsOriginator).Packets > 0)
                entry.Failed.Add((firstSilent.SegmentBytes, firstSilent.At.Frame, s.Connection));
        }
        foreach (var (server, (failed, passed)) in byServer)
        {
            // Each failing size must have answered sizes close on both sides of it, else it is a threshold (or chance),
            // not one size.
            var sizes = failed.Select(f => f.Size).Distinct().Order().ToList();
            if (sizes.Count == 0 || sizes.Any(passed.Contains)) continue;
            if (!sizes.All(size => passed.Any(p => p < size && size - p <= NeighbourBytes) && passed.Any(p => p > size && p - size <= NeighbourBytes))) continue;
            var neighbours = sizes.SelectMany(size => new[] { passed.Where(p => p < size).Max(), passed.Where(p => p > size).Min() })
                .Distinct().Order().ToList();
            string pattern = Pattern(sizes);
            yield return new Finding
            {
                Id = "tcp.size-specific-loss",
                Severity = Severity.Warning,
                Confidence = Math.Min(0.9, 0.6 + 0.1 * failed.Count),
                Title = $"Exchanges with {server} stall after segments of exactly {Join(sizes)} bytes, while {Join(neighbours)} bytes pass",
                Explanation =
                    $"{failed.Count} SMTP session{(failed.Count == 1 ? "" : "s")} to {server} got no reply after a segment of {Join(sizes)} bytes{pattern}; " +
                    $"in the other sessions segments of {Join(neighbours)} bytes — smaller and larger — were answered. A path MTU problem would lose every " +
                    "segment above a size; failing at one exact size points to a middlebox on the path (a firewall or proxy that intercepts and re-segments " +
                    "TCP, or inspects SMTP) that mishandles that size. If the client's data was acknowledged anyway, those acknowledgments came from the middlebox.",
                Evidence = [.. failed.Take(6).Select(f => point.At(f.Frame, $"{f.Size}-byte segment, never answered"))],
                Connections = [.. failed.Take(10).Select(f => Describe.Connection(f.C, point.Name))],
                CannotTell = "Which device mishandles the size: every device on the path that terminates or rewrites TCP is a suspect.",
                NextStep = $"Capture on the far side of the firewall next to {server} at the same time and send envelopes of {Join(sizes.Select(x => x - 1).Concat(sizes).Concat(sizes.Select(x => x + 1)).Distinct().Order().ToList())} bytes: " +
                           "the failing segment will be missing there (or re-segmented wrongly). Turning off the firewall's SMTP inspection or TCP interception is the usual fix.",
            };
        }
    }

    /// <summary>" (each one more than a multiple of 512)" when the failing sizes share such a pattern.</summary>
    private static string Pattern(List<int> sizes)
    {
        if (sizes.Count < 2) return "";
        foreach (int block in (ReadOnlySpan<int>)[1024, 512, 256])
        {
            int r = sizes[0] % block;
            if (r <= 2 && sizes.All(s => s % block == r))
                return r == 0 ? $" (each a multiple of {block})" : $" (each {r} more than a multiple of {block})";
        }
        return "";
    }

    private static string Join(List<int> sizes) =>
        sizes.Count == 1 ? sizes[0].ToString() : string.Join(", ", sizes.Take(sizes.Count - 1)) + " and " + sizes[^1];
}
