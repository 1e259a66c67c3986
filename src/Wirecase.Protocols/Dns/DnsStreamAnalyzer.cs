using System.Buffers.Binary;
using Wirecase.Flows;
using Wirecase.Flows.Reassembly;
using Wirecase.Flows.Tcp;

namespace Wirecase.Protocols.Dns;

/// <summary>DNS over TCP (RFC 1035 §4.2.2, RFC 7766): each message preceded by its two-byte length.</summary>
internal sealed class DnsStreamAnalyzer(TcpConnection connection, bool clientIsOriginator, DnsTracker tracker) : IStreamAnalyzer
{
    private sealed class Side
    {
        public readonly byte[] Length = new byte[2];
        public int LengthHave;
        public byte[]? Message;
        public int Have;
        public bool Lost;
        public bool AfterGap;
    }

    private readonly Side _client = new(), _server = new();

    public ProtocolKind Kind => ProtocolKind.Dns;

    public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data)
    {
        bool fromClient = fromOriginator == clientIsOriginator;
        var side = fromClient ? _client : _server;
        if (side.Lost) return;
        if (side.AfterGap)
        {
            // After a gap, a segment that starts with a plausible length and message header is taken as a message
            // boundary (whole segments were lost); anything else ends the reading of this side.
            side.AfterGap = false;
            if (data.Length < 14 || BinaryPrimitives.ReadUInt16BigEndian(data) < 12)
            {
                side.Lost = true;
                return;
            }
        }
        while (!data.IsEmpty)
        {
            if (side.LengthHave < 2)
            {
                side.Length[side.LengthHave++] = data[0];
                data = data[1..];
                if (side.LengthHave == 2)
                {
                    side.Message = new byte[BinaryPrimitives.ReadUInt16BigEndian(side.Length)];
                    side.Have = 0;
                }
                continue;
            }
            int take = Math.Min(side.Message!.Length - side.Have, data.Length);
            data[..take].CopyTo(side.Message.AsSpan(side.Have));
            side.Have += take;
            data = data[take..];
            if (side.Have == side.Message.Length)
            {
                var c = connection;
                var src = fromOriginator ? c.OriginatorAddress : c.ResponderAddress;
                var dst = fromOriginator ? c.ResponderAddress : c.OriginatorAddress;
                ushort sp = fromOriginator ? c.OriginatorPort : c.ResponderPort, dp = fromOriginator ? c.ResponderPort : c.OriginatorPort;
                tracker.Message(side.Message, frame, src, sp, dst, dp, overTcp: true);   // dated by the frame that completed it
                side.LengthHave = 0;
                side.Message = null;
            }
        }
    }

    public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason)
    {
        var side = fromOriginator == clientIsOriginator ? _client : _server;
        side.LengthHave = 0;
        side.Message = null;
        side.AfterGap = true;
        if (tracker.Notes.Count < 10_000) tracker.Notes.Add(new ProtocolNote("dns.gap", fromOriginator, frame,
            $"{length} bytes missing from a DNS-over-TCP stream; reading resumes if the next segment starts a message"));
    }

    public void Finish(FrameTime end) { }
}
