using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;

namespace Wirecase.Diagnosis.Rules;

/// <summary><c>tcp.zero-window</c>: a receiver advertised a zero window — it stopped reading — for a significant time.</summary>
internal sealed class ZeroWindowRule : IDiagnosisRule
{
    private const long SignificantNs = 1_000_000_000;

    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        foreach (var c in point.Connections)
        {
            foreach (bool originator in new[] { true, false })
            {
                var d = c.Direction(originator);
                if (d.ZeroWindowTimeNs < SignificantNs) continue;
                var events = point.Events.Of(c.Stream).Where(e => e.FromOriginator == originator && e.Has(TcpAnalysisFlags.ZeroWindow)).ToList();
                string receiver = Describe.Sender(c, originator);
                yield return new Finding
                {
                    Id = "tcp.zero-window",
                    Severity = Severity.Warning,
                    Confidence = 0.9,
                    Title = $"{receiver} stopped reading: zero window for {Describe.Seconds(d.ZeroWindowTimeNs)}",
                    Explanation = $"{receiver} advertised a zero receive window {d.ZeroWindows} time(s), {Describe.Seconds(d.ZeroWindowTimeNs)} in all: its application did not read the data as fast as it came. The network was not the limit.",
                    Evidence = [.. events.Take(5).Select(e => point.At(e.Frame, "zero window"))],
                    Connections = [Describe.Connection(c, point.Name)],
                    NextStep = $"Look at the application on {receiver} (busy, blocked on disk or a lock, or reading slowly by design).",
                };
            }
        }
    }
}
