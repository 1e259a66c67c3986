using System.Globalization;
using Wirecase.Flows;
using Wirecase.Flows.Reassembly;
using Wirecase.Protocols.Streams;
using Wirecase.Protocols.Tls;

namespace Wirecase.Protocols.Smtp;

/// <summary>
/// Follows an SMTP/ESMTP conversation (RFC 5321) on one connection: commands paired with their replies in order (so
/// PIPELINING works), multi-line replies, EHLO capabilities, mail transactions with DATA or BDAT (RFC 3030), AUTH
/// mechanism names (never credentials), and STARTTLS, after which both directions are handed to a TLS analyzer.
/// Message bodies are counted, not kept.
/// </summary>
internal sealed class SmtpAnalyzer : IStreamAnalyzer
{
    private const int MaxLine = 4096;
    private const int MaxCommands = 100_000;
    private const int MaxReplyLines = 1000;

    private enum ClientMode : byte { Command, Body, Chunk, Tls }

    private readonly SmtpSession _s;
    private readonly bool _clientIsOriginator;
    private readonly IFrameSummaries? _summaries;
    private readonly Action<TlsSession>? _onTls;
    private readonly LineReader _clientLines = new(MaxLine);
    private readonly LineReader _serverLines = new(MaxLine);
    private readonly Queue<SmtpCommand> _waiting = new();
    private long _clientOffset, _serverOffset;
    private ClientMode _mode;
    private bool _serverTls;
    private TlsAnalyzer? _tls;
    private bool _clientResync, _serverResync;
    private bool _awaitingCredentials;
    private long _chunkRemaining;
    private SmtpCommand? _chunkCommand;
    private bool _chunkLast;
    private long _bodyStart;
    private SmtpTransaction? _current;
    private List<string>? _replyLines;
    private int _replyCode;
    private bool _serverUnparsable, _clientUnparsable;

    public SmtpAnalyzer(SmtpSession session, bool clientIsOriginator, IFrameSummaries? summaries, Action<TlsSession>? onTls)
    {
        _s = session;
        _clientIsOriginator = clientIsOriginator;
        _summaries = summaries;
        _onTls = onTls;
    }

    public ProtocolKind Kind => ProtocolKind.Smtp;
    public SmtpSession Session => _s;

    public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data)
    {
        if (fromOriginator == _clientIsOriginator) Client(frame, data);
        else Server(frame, data);
    }

    public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason)
    {
        bool client = fromOriginator == _clientIsOriginator;
        if (client ? _mode == ClientMode.Tls : _serverTls)
        {
            _tls!.OnGap(fromOriginator, frame, streamOffset, length, reason);
            return;
        }
        _s.Note(new ProtocolNote("smtp.gap", fromOriginator, frame,
            $"{length} bytes of the {(client ? "client" : "server")}'s stream missing ({reason}); parsing resumes at the next line"));
        if (client)
        {
            _clientOffset += length;
            if (_mode == ClientMode.Chunk)
            {
                long inChunk = Math.Min(length, _chunkRemaining);
                _chunkRemaining -= inChunk;
                if (_current is not null) _current.MessageBytes += inChunk;
                if (_chunkRemaining == 0) EndChunk();
                return;
            }
            _clientLines.Reset();
            _clientResync = true;
        }
        else
        {
            _serverOffset += length;
            _serverLines.Reset();
            _serverResync = true;
            _replyLines = null;
        }
    }

    public void OnEnd(bool fromOriginator, FrameTime frame, StreamEnd how)
    {
        if (fromOriginator == _clientIsOriginator) _s.ClientEnded ??= frame;
        else _s.ServerEnded ??= frame;
        _tls?.OnEnd(fromOriginator, frame, how);
    }

    public void Finish(FrameTime end)
    {
        _s.FinishedAt = end;
        _tls?.Finish(end);
    }

    private void Client(FrameTime frame, ReadOnlySpan<byte> data)
    {
        int segmentBytes = data.Length;
        long bodyBefore = 0;
        while (!data.IsEmpty)
        {
            switch (_mode)
            {
                case ClientMode.Tls:
                    _tls!.OnData(_clientIsOriginator, frame, _clientOffset, data);
                    _clientOffset += data.Length;
                    return;
                case ClientMode.Chunk:
                {
                    int take = (int)Math.Min(_chunkRemaining, data.Length);
                    _chunkRemaining -= take;
                    if (_current is not null) _current.MessageBytes += take;
                    bodyBefore += take;
                    data = data[take..];
                    _clientOffset += take;
                    if (_chunkRemaining == 0) EndChunk();
                    continue;
                }
            }
            if (_clientResync && !SkipToNextLine(ref data, ref _clientOffset, ref _clientResync, server: false)) break;
            if (_mode == ClientMode.Command && !_clientLines.Holding && ProtocolDetection.IsClientHello(data))
            {
                // The client speaks TLS without STARTTLS (implicit TLS, port 465 style) to a server that greeted in clear.
                _s.Note(new ProtocolNote("smtp.tls_without_starttls", _clientIsOriginator, frame,
                    "the client sent a TLS ClientHello instead of an SMTP command"));
                StartClientTls(startTls: false);
                continue;
            }
            long before = _clientOffset;
            if (!_clientLines.TryRead(ref data, frame, segmentBytes, ref _clientOffset, out var line, out var start))
            {
                if (_mode == ClientMode.Body) bodyBefore += _clientOffset - before;
                break;
            }
            if (_mode == ClientMode.Body)
            {
                if (line.Length == 1 && line[0] == (byte)'.')
                {
                    if (bodyBefore > 0 && _summaries is not null) Summary(frame, $"C: DATA fragment, {bodyBefore} bytes");
                    bodyBefore = 0;
                    EndOfData(start, frame);
                }
                else bodyBefore += _clientOffset - before;
                continue;
            }
            Command(line, start, frame, _clientLines.LastWasCut);
        }
        if (bodyBefore > 0 && _summaries is not null) Summary(frame, $"C: DATA fragment, {bodyBefore} bytes");
    }

    private void Server(FrameTime frame, ReadOnlySpan<byte> data)
    {
        int segmentBytes = data.Length;
        while (!data.IsEmpty)
        {
            if (_serverTls)
            {
                _tls!.OnData(!_clientIsOriginator, frame, _serverOffset, data);
                _serverOffset += data.Length;
                return;
            }
            if (_serverResync && !SkipToNextLine(ref data, ref _serverOffset, ref _serverResync, server: true)) break;
            if (!_serverLines.TryRead(ref data, frame, segmentBytes, ref _serverOffset, out var line, out var start)) break;
            ReplyLine(line, start, frame);
        }
    }

    /// <summary>After a gap the bytes may start mid-line: skip to the next line, unless they already start one that
    /// parses (a reply line, or a command verb), which is the usual case when whole segments were lost.</summary>
    private static bool SkipToNextLine(ref ReadOnlySpan<byte> data, ref long offset, ref bool resync, bool server)
    {
        int lf = data.IndexOf((byte)'\n');
        var first = lf < 0 ? data : data[..lf];
        if (lf >= 0 && (server ? SmtpReplyLine.TryParse(first.TrimEnd((byte)'\r'), out _) : LooksLikeCommand(first)))
        {
            resync = false;
            return true;
        }
        if (lf < 0)
        {
            offset += data.Length;
            data = default;
            return false;
        }
        offset += lf + 1;
        data = data[(lf + 1)..];
        resync = false;
        return true;
    }

    private static readonly string[] Verbs =
        ["EHLO ", "HELO ", "MAIL ", "RCPT ", "DATA", "RSET", "NOOP", "QUIT", "VRFY ", "EXPN ", "HELP", "AUTH ", "STARTTLS", "BDAT ", "ETRN "];

    /// <summary>While the server asks for credentials, a line that reads as an SMTP command and is not base64 of text
    /// (a client giving up with QUIT) is a command; anything else is kept out of the output as credentials.</summary>
    private static bool IsCommandNotCredentials(ReadOnlySpan<byte> line)
    {
        if (!LooksLikeCommand(line) && !LooksLikeCommand([.. line, (byte)' '])) return false;
        var buffer = new byte[line.Length];
        if (System.Buffers.Text.Base64.DecodeFromUtf8(line, buffer, out _, out int written) != System.Buffers.OperationStatus.Done) return true;
        return !AsciiText.IsPrintable(buffer.AsSpan(0, written));
    }

    private static bool LooksLikeCommand(ReadOnlySpan<byte> line)
    {
        foreach (var v in Verbs)
            if (AsciiText.StartsWithIgnoreCase(line, v)) return true;
        return false;
    }

    private void Command(ReadOnlySpan<byte> line, LineStart start, FrameTime frame, bool cut)
    {
        if (_awaitingCredentials && IsCommandNotCredentials(line)) _awaitingCredentials = false;
        if (_awaitingCredentials)
        {
            // A SASL response (RFC 4954): credentials, never kept or shown. More may follow while the server asks.
            Add(new SmtpCommand { Verb = "AUTH-DATA", Argument = "", At = frame, SegmentBytes = start.SegmentBytes, StreamOffset = start.StreamOffset });
            if (_summaries is not null) Summary(frame, "C: (authentication data)");
            return;
        }
        if (!AsciiText.IsPrintable(line) || cut)
        {
            if (!_clientUnparsable)
                _s.Note(new ProtocolNote("smtp.unparsable", _clientIsOriginator, start.At,
                    cut ? $"command line longer than {MaxLine} bytes" : "binary data where a command was expected; skipped to the next line"));
            _clientUnparsable = true;
            // The server answers every line it receives, this one too: keep it in line for the pairing.
            Add(new SmtpCommand { Verb = "(unparsable)", Argument = "", At = frame, SegmentBytes = start.SegmentBytes, StreamOffset = start.StreamOffset });
            return;
        }
        _clientUnparsable = false;
        int space = line.IndexOf((byte)' ');
        string verb = AsciiText.Of(space < 0 ? line : line[..space]).ToUpperInvariant();
        string argument = space < 0 ? "" : AsciiText.Of(line[(space + 1)..], MaxLine).Trim();
        if (verb == "AUTH")
        {
            // Keep the mechanism only: an initial response (RFC 4954) carries credentials. Without one, the lines
            // that follow are credentials until the server stops answering 334 (even if its 334s were not captured).
            int sp = argument.IndexOf(' ', StringComparison.Ordinal);
            string mechanism = (sp < 0 ? argument : argument[..sp]).ToUpperInvariant();
            if (mechanism.Length > 0 && !_s.AuthMechanisms.Contains(mechanism)) _s.AuthMechanisms.Add(mechanism);
            argument = mechanism;
            _awaitingCredentials = sp < 0;
        }
        var cmd = new SmtpCommand { Verb = verb, Argument = argument, At = frame, SegmentBytes = start.SegmentBytes, StreamOffset = start.StreamOffset };
        Add(cmd);
        if (_summaries is not null) Summary(frame, "C: " + cmd);
        switch (verb)
        {
            case "EHLO":
            case "HELO":
                _s.ClientName = argument;
                _s.Extended = verb == "EHLO";
                Abandon();
                break;
            case "MAIL":
                Abandon();
                _current = new SmtpTransaction { MailFrom = cmd, Sender = Address(argument) };
                _s.Transactions.Add(_current);
                break;
            case "RCPT":
                _current?.Recipients.Add(new SmtpRecipient { Address = Address(argument), Command = cmd });
                break;
            case "DATA":
                if (_current is not null) _current.Data ??= cmd;
                _mode = ClientMode.Body;   // the body follows the 354; a refusal switches back
                _bodyStart = _clientOffset;
                break;
            case "BDAT":
                StartChunk(cmd, argument);
                break;
            case "RSET":
                Abandon();
                break;
        }
    }

    private void Add(SmtpCommand cmd)
    {
        if (_s.Commands.Count < MaxCommands) _s.Commands.Add(cmd);
        _waiting.Enqueue(cmd);
    }

    private void StartChunk(SmtpCommand cmd, string argument)
    {
        var parts = argument.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length == 0 || !long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out long size))
        {
            _s.Note(new ProtocolNote("smtp.bad_bdat", _clientIsOriginator, cmd.At, $"BDAT without a valid size: '{argument}'"));
            return;
        }
        if (_current is not null)
        {
            _current.Data ??= cmd;
            _current.Chunked = true;
            _current.Chunks++;
        }
        _chunkCommand = cmd;
        _chunkLast = parts.Length > 1 && parts[1].Equals("LAST", StringComparison.OrdinalIgnoreCase);
        _chunkRemaining = size;
        if (size > 0) _mode = ClientMode.Chunk;
        else EndChunk();
    }

    private void EndChunk()
    {
        _mode = ClientMode.Command;
        if (_chunkLast && _current is not null && _chunkCommand is not null)
        {
            _current.EndOfData = _chunkCommand;
            _current.EndOfDataStreamEnd = _clientOffset;
        }
        _chunkCommand = null;
    }

    private void EndOfData(LineStart start, FrameTime frame)
    {
        _mode = ClientMode.Command;
        var dot = new SmtpCommand { Verb = ".", Argument = "", At = frame, SegmentBytes = start.SegmentBytes, StreamOffset = start.StreamOffset };
        Add(dot);
        if (_summaries is not null) Summary(frame, "C: . (end of data)");
        if (_current is not null)
        {
            _current.MessageBytes = start.StreamOffset - _bodyStart;
            _current.EndOfData = dot;
            _current.EndOfDataStreamEnd = _clientOffset;
        }
    }

    /// <summary>A transaction left without its final reply (RSET, a new MAIL, a new EHLO) is abandoned.</summary>
    private void Abandon()
    {
        if (_current is { EndOfData: null }) _current.Abandoned = true;
        _current = null;
    }

    private void ReplyLine(ReadOnlySpan<byte> line, LineStart start, FrameTime frame)
    {
        if (!SmtpReplyLine.TryParse(line, out var r))
        {
            if (!_serverUnparsable)
                _s.Note(new ProtocolNote("smtp.unparsable", !_clientIsOriginator, start.At,
                    $"not a reply line: '{AsciiText.Of(line, 60)}'; parsing resumes at the next reply"));
            _serverUnparsable = true;
            _replyLines = null;
            return;
        }
        _serverUnparsable = false;
        string text = AsciiText.Of(r.Text, MaxLine);
        if (_summaries is not null) Summary(frame, $"S: {r.Code}{(r.More ? "-" : " ")}{text}");
        if (_replyLines is null)
        {
            _replyLines = [];
            _replyCode = r.Code;
        }
        if (_replyLines.Count < MaxReplyLines) _replyLines.Add(text);
        if (r.More) return;
        var reply = new SmtpReply
        {
            Code = _replyCode,
            EnhancedCode = SmtpReplyLine.EnhancedCode(_replyCode, _replyLines[0]),
            Lines = _replyLines,
            At = frame,
        };
        _replyLines = null;
        Reply(reply);
    }

    private void Reply(SmtpReply reply)
    {
        if (_waiting.Count == 0)
        {
            if (_s.Greeting is null && _s.Commands.Count == 0) _s.Greeting = reply;
            else if (_s.UnexpectedReplies.Count < MaxReplyLines) _s.UnexpectedReplies.Add(reply);
            return;
        }
        // Replies come in order, but a server that skips one (Case E: nothing after the dot, then 221 to QUIT) would
        // shift every pairing after it: a reply only one command can get goes to that command, and the commands
        // before it stay unanswered.
        string? only = reply.Code switch { 221 => "QUIT", 354 => "DATA", 334 => "AUTH", _ => null };
        if (only is not null && !Matches(_waiting.Peek().Verb, only) && _waiting.Any(c => Matches(c.Verb, only)))
            while (!Matches(_waiting.Peek().Verb, only)) _waiting.Dequeue();
        var cmd = _waiting.Dequeue();
        cmd.Reply = reply;
        switch (cmd.Verb)
        {
            case "EHLO" when reply.Code == 250:
                _s.Capabilities.Clear();
                _s.Capabilities.AddRange(reply.Lines.Skip(1));
                break;
            case "DATA" when reply.Code != 354 && _mode == ClientMode.Body:
                _mode = ClientMode.Command;   // refused: what the client sends next are commands again
                break;
            case "STARTTLS" when reply.Code == 220:
                StartTls();
                break;
            case "AUTH" or "AUTH-DATA":
                _awaitingCredentials = reply.Code == 334;
                break;
        }
    }

    private static bool Matches(string verb, string expected) =>
        verb == expected || expected == "AUTH" && verb == "AUTH-DATA";

    private void StartTls()
    {
        StartClientTls(startTls: true);
        _serverTls = true;
        _serverLines.Reset();
    }

    private void StartClientTls(bool startTls)
    {
        var tlsSession = new TlsSession(_s.Connection) { ViaStartTls = startTls, ClientIsOriginator = _clientIsOriginator };
        _s.Tls = tlsSession;
        _tls = new TlsAnalyzer(tlsSession, _clientIsOriginator, _summaries);
        _onTls?.Invoke(tlsSession);
        _mode = ClientMode.Tls;
        _clientLines.Reset();
    }

    private static string Address(string argument)
    {
        int open = argument.IndexOf('<', StringComparison.Ordinal);
        int close = open < 0 ? -1 : argument.IndexOf('>', open + 1);
        if (open >= 0 && close > open) return argument[(open + 1)..close];
        int colon = argument.IndexOf(':', StringComparison.Ordinal);
        string rest = colon >= 0 ? argument[(colon + 1)..].Trim() : argument;
        int sp = rest.IndexOf(' ', StringComparison.Ordinal);
        return sp < 0 ? rest : rest[..sp];
    }

    private void Summary(FrameTime at, string text) => _summaries?.Add(at.Frame, ProtocolKind.Smtp, text);
}
