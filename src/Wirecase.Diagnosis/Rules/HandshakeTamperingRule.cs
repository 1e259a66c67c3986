using Wirecase.Diagnosis.Facts;
using Wirecase.Flows.Tcp;

namespace Wirecase.Diagnosis.Rules;

/// <summary>
/// <c>tcp.synack-payload</c> and <c>tcp.handshake-ack-mismatch</c> (Case D): a SYN or SYN-ACK carrying data, and the
/// handshake's ACK acknowledging something other than ISN+1 — what follows is retransmitted and ignored.
/// </summary>
internal sealed class HandshakeTamperingRule : IDiagnosisRule
{
    public IEnumerable<Finding> Evaluate(CapturePointFacts point)
    {
        foreach (var c in point.Connections)
        {
            if (c.SynWithPayload == 0 && c.HandshakeAckMismatch == 0) continue;
            var events = point.Events.Of(c.Stream);
            // Data on the SYN itself is TCP Fast Open (RFC 7413) or a scanner, not a broken handshake: only the
            // SYN-ACK's payload is the Case D signature.
            var payload = events.Where(e => e.Has(TcpAnalysisFlags.SynWithPayload) && !e.FromOriginator).ToList();
            if (payload.Count == 0 && c.HandshakeAckMismatch == 0) continue;
            var mismatch = events.Where(e => e.Has(TcpAnalysisFlags.HandshakeAckMismatch)).ToList();
            var retransmitted = events.Where(e => e.FromOriginator && e.PayloadLength > 0 && e.Has(TcpAnalysisFlags.Retransmission)).ToList();
            string client = Describe.Originator(c), server = Describe.Responder(c);
            var evidence = new List<Evidence>();
            evidence.AddRange(payload.Select(e => point.At(e.Frame, $"{(e.FromOriginator ? "SYN" : "SYN-ACK")} carrying {e.PayloadLength} bytes of payload")));
            evidence.AddRange(mismatch.Select(e => point.At(e.Frame, "the handshake ACK does not acknowledge ISN+1")));
            evidence.AddRange(retransmitted.Take(5).Select(e => point.At(e.Frame, "the client's first data retransmitted")));
            int extra = payload.FirstOrDefault(e => !e.FromOriginator).PayloadLength;
            yield return new Finding
            {
                Id = payload.Count > 0 ? "tcp.synack-payload" : "tcp.handshake-ack-mismatch",
                Severity = mismatch.Count > 0 || retransmitted.Count > 0 ? Severity.Error : Severity.Warning,
                Confidence = payload.Count > 0 && mismatch.Count > 0 ? 0.9 : 0.7,
                Title = payload.Count > 0
                    ? $"The SYN-ACK arrived carrying {payload[0].PayloadLength} bytes of payload{(mismatch.Count > 0 ? "; the handshake broke" : "")}"
                    : $"{client}'s handshake ACK does not acknowledge {server}'s ISN+1",
                Explanation =
                    (payload.Count > 0
                        ? $"A SYN-ACK normally carries no data. This one carries {payload[0].PayloadLength} bytes, and {client} acknowledged them: " +
                          $"its ACK {(mismatch.Count > 0 ? $"acknowledges ISN+1+{extra} instead of ISN+1" : "moves past ISN+1")}. "
                        : "The third packet of the handshake acknowledges a sequence number the responder never sent. ") +
                    $"A stateful firewall or the server sees an acknowledgment for data that does not exist and drops it (Microsoft TMG logs " +
                    $"FWX_E_SEQ_ACK_MISMATCH); {(retransmitted.Count > 0 ? $"the client's first data was retransmitted {retransmitted.Count} times and never accepted" : "nothing after it was accepted")}.",
                Evidence = evidence,
                Connections = [Describe.Connection(c, point.Name)],
                CannotTell = "From the client's side alone it cannot be told where the bytes were added: the server, a firewall, a NIC driver or an access point.",
                NextStep = "Capture at the firewall (inside) at the same time: if its SYN-ACK has no payload there, the bytes were added between the firewall and the client (driver, wireless AP, switch).",
            };
        }
    }
}
