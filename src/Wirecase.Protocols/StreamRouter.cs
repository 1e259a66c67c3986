using Wirecase.Flows;
using Wirecase.Flows.Reassembly;
using Wirecase.Flows.Tcp;

namespace Wirecase.Protocols;

/// <summary>
/// Decides which analyzer follows a connection, by content first (a TLS record header, an HTTP request or status line,
/// an SMTP greeting or EHLO — on any port) and by well-known port otherwise (LPD, DNS, or SMTP/HTTP/TLS whose first
/// bytes did not say). The first bytes are held (bounded) until the decision, then replayed to the analyzer.
/// </summary>
internal sealed class StreamRouter(ApplicationLayer layer, TcpConnection connection) : IStreamSink
{
    private const int MaxHeldChunks = 4;
    private const int MaxHeldBytes = 4096;
    /// <summary>How far into an unknown stream a STARTTLS switch is looked for.</summary>
    private const long StartTlsWindow = 64 * 1024;

    private IStreamAnalyzer? _analyzer;
    private int _slot;
    private bool _unknown;
    private bool _originatorEnded, _responderEnded, _closed;
    private List<(bool FromOriginator, FrameTime Frame, long Offset, byte[] Data)>? _held;
    private int _heldBytes;

    /// <summary>For `packets` (no sessions kept): a stream no analyzer follows, past where a STARTTLS could switch it,
    /// needs no more reassembly.</summary>
    public bool WantsData => !(layer.DetachUnfollowed && (_closed || _unknown && _pastStartTlsWindow));

    private bool _pastStartTlsWindow;

    public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data)
    {
        if (_analyzer is not null)
        {
            _analyzer.OnData(fromOriginator, frame, streamOffset, data);
            return;
        }
        if (_closed) return;
        if (_unknown)
        {
            // A protocol Wirecase does not follow (IMAP, POP3, FTP, XMPP …) may switch to TLS (STARTTLS) early on: a
            // ClientHello at the start of a segment in the first bytes of the stream hands the rest to the TLS analyzer.
            if (streamOffset >= StartTlsWindow)
            {
                _pastStartTlsWindow = true;
                return;
            }
            if (!ProtocolDetection.IsClientHello(data)) return;
            _unknown = false;
            _analyzer = layer.CreateAnalyzer(ProtocolKind.Tls, connection, fromOriginator, out _slot);
            _analyzer.OnData(fromOriginator, frame, streamOffset, data);
            return;
        }
        var (kind, clientIsOriginator) = ProtocolDetection.ByContent(connection, fromOriginator, data);
        bool lastChance = (_held?.Count ?? 0) + 1 >= MaxHeldChunks || _heldBytes + data.Length > MaxHeldBytes;
        if (kind == ProtocolKind.Unknown)
        {
            // Protocols without a content signature (LPD, DNS) go by port at once; the others only when their first
            // bytes did not say.
            var byPort = ProtocolDetection.ByPort(connection);
            if (byPort.Kind is ProtocolKind.Lpd or ProtocolKind.Dns || lastChance) (kind, clientIsOriginator) = byPort;
        }
        if (kind == ProtocolKind.Unknown)
        {
            if (lastChance)
            {
                _unknown = true;
                _held = null;
                return;
            }
            (_held ??= []).Add((fromOriginator, frame, streamOffset, data.ToArray()));
            _heldBytes += data.Length;
            return;
        }
        _analyzer = layer.CreateAnalyzer(kind, connection, clientIsOriginator, out _slot);
        if (_held is not null)
            foreach (var (o, f, off, bytes) in _held) _analyzer.OnData(o, f, off, bytes);
        _held = null;
        _analyzer.OnData(fromOriginator, frame, streamOffset, data);
    }

    public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason)
    {
        if (_closed) return;
        if (_analyzer is null && !_unknown)
        {
            // The first bytes are missing: only the port can tell.
            var (kind, clientIsOriginator) = ProtocolDetection.ByPort(connection);
            if (kind == ProtocolKind.Unknown)
            {
                _unknown = true;
                _held = null;
                return;
            }
            _analyzer = layer.CreateAnalyzer(kind, connection, clientIsOriginator, out _slot);
            if (_held is not null)
                foreach (var (o, f, off, bytes) in _held) _analyzer.OnData(o, f, off, bytes);
            _held = null;
        }
        _analyzer?.OnGap(fromOriginator, frame, streamOffset, length, reason);
    }

    public void OnEnd(bool fromOriginator, FrameTime frame, StreamEnd how)
    {
        _analyzer?.OnEnd(fromOriginator, frame, how);
        if (fromOriginator) _originatorEnded = true;
        else _responderEnded = true;
        if (how != StreamEnd.Reset && !(_originatorEnded && _responderEnded)) return;
        // Over: data after this (a retransmitted FIN's payload, a late segment) is not analysed again.
        _closed = true;
        _held = null;
        if (_analyzer is not null) layer.Closed(_slot, frame);
        _analyzer = null;
        _unknown = false;
    }
}
