using Wirecase.Flows;
using Wirecase.Flows.Reassembly;

namespace Wirecase.Protocols.Tls;

/// <summary>
/// Follows TLS 1.0–1.3 (and an SSL 2.0 ClientHello) on one connection: the record layer both ways, the handshake
/// messages sent in the clear, alerts before encryption starts, ChangeCipherSpec, and when the handshake completed.
/// Encrypted records are counted by length, never buffered. A record header that makes no sense gives a note and the
/// analyzer looks for the next plausible header.
/// </summary>
internal sealed class TlsAnalyzer : IStreamAnalyzer
{
    private const int MaxRecord = (1 << 14) + 2048;
    private const int MaxKeptMessage = 256 * 1024;

    private const byte ChangeCipherSpec = 20, AlertRecord = 21, HandshakeRecord = 22, ApplicationData = 23, Heartbeat = 24;

    private sealed class Side(bool isClient)
    {
        public readonly bool IsClient = isClient;
        public readonly byte[] Header = new byte[5];
        public int HeaderHave;
        public int RecordRemaining;
        public byte RecordType;
        public FrameTime RecordAt;
        public bool FirstRecordSeen;
        public bool Encrypted;
        public bool FinishedSent;
        public bool Resync;
        public bool Unparsable;
        // Handshake message reassembly (a message can span records, a record hold several).
        public readonly byte[] MessageHeader = new byte[4];
        public int MessageHeaderHave;
        public int MessageLength;
        public int MessageHave;
        public byte[]? Message;
        public FrameTime MessageAt;
        // Handshake messages complete in this record, dated when the record completes (as Wireshark shows them).
        public readonly List<Action<FrameTime>> AtRecordEnd = [];
        // Alert body (two bytes, possibly split).
        public byte AlertLevel;
        public int AlertHave;
    }

    private readonly TlsSession _s;
    private readonly bool _clientIsOriginator;
    private readonly IFrameSummaries? _summaries;
    private readonly Side _client = new(true), _server = new(false);

    public TlsAnalyzer(TlsSession session, bool clientIsOriginator, IFrameSummaries? summaries)
    {
        _s = session;
        _clientIsOriginator = clientIsOriginator;
        _summaries = summaries;
    }

    public ProtocolKind Kind => ProtocolKind.Tls;
    public TlsSession Session => _s;
    private bool Tls13 => _s.ServerHello is { } sh && (sh.SelectedVersion == 0x0304 || sh.SelectedVersion >> 8 == 0x7F);

    public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data)
    {
        var side = fromOriginator == _clientIsOriginator ? _client : _server;
        while (!data.IsEmpty)
        {
            if (side.Resync && !FindHeader(ref data, side)) return;
            if (side.RecordRemaining == 0)
            {
                if (!ReadHeader(ref data, side, frame)) return;
                continue;
            }
            int take = Math.Min(side.RecordRemaining, data.Length);
            RecordBody(side, frame, data[..take]);
            side.RecordRemaining -= take;
            data = data[take..];
            if (side.RecordRemaining == 0 && side.AtRecordEnd.Count > 0)
            {
                foreach (var date in side.AtRecordEnd) date(frame);
                side.AtRecordEnd.Clear();
            }
        }
    }

    public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason)
    {
        var side = fromOriginator == _clientIsOriginator ? _client : _server;
        if (side.RecordRemaining > 0 && length <= side.RecordRemaining && (side.RecordType == ApplicationData || side.Encrypted))
        {
            // A hole inside an encrypted record: the framing survives.
            side.RecordRemaining -= (int)length;
            return;
        }
        _s.Note(new ProtocolNote("tls.gap", fromOriginator, frame,
            $"{length} bytes of the {(side.IsClient ? "client" : "server")}'s stream missing ({reason}); looking for the next record header"));
        side.RecordRemaining = 0;
        side.HeaderHave = 0;
        side.MessageHeaderHave = 0;
        side.Resync = true;
    }

    public void OnEnd(bool fromOriginator, FrameTime frame, StreamEnd how) { }

    public void Finish(FrameTime end) => _s.FinishedAt = end;

    private bool ReadHeader(ref ReadOnlySpan<byte> data, Side side, FrameTime frame)
    {
        if (side.HeaderHave == 0) side.RecordAt = frame;
        int take = Math.Min(5 - side.HeaderHave, data.Length);
        data[..take].CopyTo(side.Header.AsSpan(side.HeaderHave));
        side.HeaderHave += take;
        data = data[take..];
        if (side.HeaderHave < 5) return false;
        side.HeaderHave = 0;
        var h = side.Header;
        if (!side.FirstRecordSeen && (h[0] & 0x80) != 0 && (h[2] == 1 || h[2] == 4))
        {
            Sslv2Record(side, h);
            return true;
        }
        int length = h[3] << 8 | h[4];
        if (!Plausible(h[0], h[1], h[2]) || length > MaxRecord)
        {
            Unparsable(side, side.RecordAt, $"not a TLS record header: {Convert.ToHexString(h)}");
            side.Resync = true;
            return true;
        }
        side.FirstRecordSeen = true;
        side.Unparsable = false;
        side.RecordType = h[0];
        side.RecordRemaining = length;
        side.AlertHave = 0;
        OnRecordStart(side);
        return true;
    }

    private static bool Plausible(byte type, byte major, byte minor) =>
        type is >= ChangeCipherSpec and <= Heartbeat && (major == 3 && minor <= 4 || major == 0xFE);

    /// <summary>After garbage or a gap: skip to the next bytes that look like a record header.</summary>
    private static bool FindHeader(ref ReadOnlySpan<byte> data, Side side)
    {
        for (int i = 0; i + 2 < data.Length; i++)
        {
            if (Plausible(data[i], data[i + 1], data[i + 2]))
            {
                data = data[i..];
                side.Resync = false;
                return true;
            }
        }
        data = default;
        return false;
    }

    private void Sslv2Record(Side side, byte[] h)
    {
        // SSL 2.0 record (RFC 6101 appendix E.2): two-byte header with the high bit set, then the message type.
        side.FirstRecordSeen = true;
        int length = (h[0] & 0x7F) << 8 | h[1];
        ushort version = (ushort)(h[3] << 8 | h[4]);
        if (h[2] == 1 && side.IsClient) _s.ClientHellos.Add(new TlsClientHello { At = side.RecordAt, Version = version });
        if (h[2] == 4 && !side.IsClient)
            _s.ServerHello ??= new TlsServerHello { At = side.RecordAt, Version = 0x0002, SelectedVersion = 0x0002, CipherSuite = 0 };
        Summary(side.RecordAt, h[2] == 1 ? "Client Hello (SSLv2)" : "Server Hello (SSLv2)");
        side.RecordType = 0;
        side.RecordRemaining = Math.Max(0, length - 3);
    }

    private void OnRecordStart(Side side)
    {
        switch (side.RecordType)
        {
            case ChangeCipherSpec:
                if (side.IsClient) _s.ClientChangeCipherSpec ??= side.RecordAt;
                else _s.ServerChangeCipherSpec ??= side.RecordAt;
                // Up to TLS 1.2 the sender encrypts from here. TLS 1.3 sends a ChangeCipherSpec only for middlebox
                // compatibility (also between a HelloRetryRequest and the second ClientHello): encryption began at the
                // ServerHello, and the client's protected records are application data records.
                if (_s.ServerHello is { } hello && hello.SelectedVersion <= 0x0303 && hello.SelectedVersion != 0x0002) side.Encrypted = true;
                Summary(side.RecordAt, "Change Cipher Spec");
                break;
            case HandshakeRecord when side.Encrypted:
                Summary(side.RecordAt, "Encrypted Handshake Message");
                EncryptedHandshake(side);
                break;
            case AlertRecord when side.Encrypted:
                _s.Alerts.Add(new TlsAlert(side.RecordAt, side.IsClient, 0, 0, Encrypted: true));
                Summary(side.RecordAt, "Encrypted Alert");
                break;
            case ApplicationData:
                ApplicationRecord(side);
                break;
        }
    }

    private void EncryptedHandshake(Side side)
    {
        // TLS ≤ 1.2: the Finished follows each side's ChangeCipherSpec; the handshake is complete once both came.
        side.FinishedSent = true;
        if (_client.FinishedSent && _server.FinishedSent) _s.HandshakeCompleted ??= side.RecordAt;
    }

    private void ApplicationRecord(Side side)
    {
        if (Tls13 && side.IsClient && _s.HandshakeCompleted is null)
        {
            // TLS 1.3: the client's first protected record after the ServerHello carries its Finished.
            _s.HandshakeCompleted = side.RecordAt;
            Summary(side.RecordAt, "Encrypted Handshake Message");
            return;
        }
        if (Tls13 && !side.IsClient && _s.HandshakeCompleted is null)
        {
            Summary(side.RecordAt, "Encrypted Handshake Message");
            return;
        }
        if (side.IsClient) _s.ClientApplicationBytes += side.RecordRemaining;
        else _s.ServerApplicationBytes += side.RecordRemaining;
        Summary(side.RecordAt, "Application Data");
    }

    private void RecordBody(Side side, FrameTime frame, ReadOnlySpan<byte> chunk)
    {
        switch (side.RecordType)
        {
            case HandshakeRecord when !side.Encrypted:
                HandshakeBytes(side, frame, chunk);
                break;
            case AlertRecord when !side.Encrypted:
                foreach (byte b in chunk)
                {
                    if (side.AlertHave == 0) side.AlertLevel = b;
                    else if (side.AlertHave == 1)
                    {
                        var alert = new TlsAlert(side.RecordAt, side.IsClient, side.AlertLevel, b, Encrypted: false);
                        _s.Alerts.Add(alert);
                        Summary(side.RecordAt, alert.ToString());
                    }
                    side.AlertHave = (side.AlertHave + 1) % 2;
                }
                break;
        }
    }

    private void HandshakeBytes(Side side, FrameTime frame, ReadOnlySpan<byte> chunk)
    {
        while (!chunk.IsEmpty)
        {
            if (side.MessageHeaderHave < 4)
            {
                if (side.MessageHeaderHave == 0) side.MessageAt = frame;
                int take = Math.Min(4 - side.MessageHeaderHave, chunk.Length);
                chunk[..take].CopyTo(side.MessageHeader.AsSpan(side.MessageHeaderHave));
                side.MessageHeaderHave += take;
                chunk = chunk[take..];
                if (side.MessageHeaderHave < 4) return;
                var mh = side.MessageHeader;
                side.MessageLength = mh[1] << 16 | mh[2] << 8 | mh[3];
                side.MessageHave = 0;
                side.Message = Keep(mh[0]) && side.MessageLength <= MaxKeptMessage ? new byte[side.MessageLength] : null;
                if (side.MessageLength == 0) EndMessage(side, frame);
                continue;
            }
            int need = Math.Min(side.MessageLength - side.MessageHave, chunk.Length);
            if (side.Message is not null) chunk[..need].CopyTo(side.Message.AsSpan(side.MessageHave));
            side.MessageHave += need;
            chunk = chunk[need..];
            if (side.MessageHave == side.MessageLength) EndMessage(side, frame);
        }
    }

    private static bool Keep(byte type) => type is 1 or 2 or 11;

    /// <summary>A whole handshake message: dated by the frame that completed it, as Wireshark shows it.</summary>
    private void EndMessage(Side side, FrameTime frame)
    {
        side.MessageAt = frame;
        byte type = side.MessageHeader[0];
        if (_summaries is not null) side.AtRecordEnd.Add(at => Summary(at, TlsNames.Handshake(type)));
        var body = side.Message;
        side.MessageHeaderHave = 0;
        side.Message = null;
        if (body is null) return;
        switch (type)
        {
            case 1 when side.IsClient:
                var hello = TlsHelloParser.ClientHello(body, side.MessageAt);
                if (hello is null) Malformed(side, "ClientHello");
                else
                {
                    _s.ClientHellos.Add(hello);
                    side.AtRecordEnd.Add(at => hello.At = at);
                }
                break;
            case 2 when !side.IsClient:
                var server = TlsHelloParser.ServerHello(body, side.MessageAt);
                if (server is null) Malformed(side, "ServerHello");
                else
                {
                    side.AtRecordEnd.Add(at => server.At = at);
                    if (server.IsHelloRetryRequest) _s.HelloRetryRequest ??= server;
                    else
                    {
                        _s.ServerHello ??= server;
                        // TLS 1.3 (and its drafts) encrypt everything after the ServerHello.
                        if (server.SelectedVersion == 0x0304 || server.SelectedVersion >> 8 == 0x7F) _server.Encrypted = true;
                    }
                }
                break;
            case 11 when !side.IsClient && _s.Certificates.Count == 0:
                _s.Certificates.AddRange(TlsHelloParser.Certificates(body, out int unreadable));
                if (unreadable > 0)
                    _s.Note(new ProtocolNote("tls.certificate_unreadable", !_clientIsOriginator, side.MessageAt,
                        $"{unreadable} certificate(s) in the chain could not be parsed"));
                break;
        }
    }

    private void Malformed(Side side, string what) =>
        _s.Note(new ProtocolNote("tls.malformed_handshake", side.IsClient == _clientIsOriginator, side.MessageAt, $"{what} could not be parsed"));

    private void Unparsable(Side side, FrameTime at, string detail)
    {
        if (side.Unparsable) return;
        side.Unparsable = true;
        _s.Note(new ProtocolNote("tls.unparsable", side.IsClient == _clientIsOriginator, at, detail + "; looking for the next record header"));
    }

    private void Summary(FrameTime at, string text) => _summaries?.Add(at.Frame, ProtocolKind.Tls, text);
}
