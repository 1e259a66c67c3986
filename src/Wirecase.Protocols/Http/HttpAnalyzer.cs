using System.Globalization;
using Wirecase.Flows;
using Wirecase.Flows.Reassembly;
using Wirecase.Protocols.Streams;

namespace Wirecase.Protocols.Http;

/// <summary>
/// Follows HTTP/1.0 and 1.1 (RFC 9112) on one connection: requests and responses parsed from their start lines and
/// headers, bodies skipped by Content-Length, chunked coding or connection close (counted, never kept), responses
/// paired with requests in order (keep-alive and pipelining), interim 1xx responses set aside. Garbage gives a note
/// and the reader waits for the next line that starts a message.
/// </summary>
internal sealed class HttpAnalyzer : IStreamAnalyzer
{
    private const int MaxLine = 16 * 1024;
    private const int MaxExchanges = 100_000;

    private enum State : byte { StartLine, Headers, Body, ChunkSize, ChunkData, ChunkEnd, Trailers, UntilClose, Lost }

    private sealed class Side(bool isClient)
    {
        public readonly bool IsClient = isClient;
        public readonly LineReader Lines = new(MaxLine);
        public long Offset;
        public State State;
        public long Remaining;
        public HttpRequest? Request;
        public HttpResponse? Response;
        public HttpExchange? Exchange;
        public bool Noted;
    }

    private readonly HttpSession _s;
    private readonly bool _clientIsOriginator;
    private readonly IFrameSummaries? _summaries;
    private readonly Side _client = new(true), _server = new(false);
    private readonly Queue<HttpExchange> _waiting = new();
    private bool _serverGap;

    public HttpAnalyzer(HttpSession session, bool clientIsOriginator, IFrameSummaries? summaries)
    {
        _s = session;
        _clientIsOriginator = clientIsOriginator;
        _summaries = summaries;
    }

    public ProtocolKind Kind => ProtocolKind.Http;
    public HttpSession Session => _s;

    public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data)
    {
        var side = fromOriginator == _clientIsOriginator ? _client : _server;
        int segmentBytes = data.Length;
        while (!data.IsEmpty)
        {
            switch (side.State)
            {
                case State.Body or State.ChunkData:
                {
                    int take = (int)Math.Min(side.Remaining, data.Length);
                    CountBody(side, take);
                    side.Remaining -= take;
                    side.Offset += take;
                    data = data[take..];
                    if (side.Remaining == 0)
                    {
                        if (side.State == State.Body) Complete(side, frame);
                        else side.State = State.ChunkEnd;
                    }
                    continue;
                }
                case State.UntilClose:
                    CountBody(side, data.Length);
                    side.Offset += data.Length;
                    return;
            }
            if (!side.Lines.TryRead(ref data, frame, segmentBytes, ref side.Offset, out var line, out var start)) return;
            Line(side, line, start, frame);
        }
    }

    public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason)
    {
        var side = fromOriginator == _clientIsOriginator ? _client : _server;
        side.Offset += length;
        if (side.State is State.Body or State.ChunkData && length <= side.Remaining)
        {
            // Inside a body of known length: the framing survives, only the bytes are missing.
            CountBody(side, (int)Math.Min(length, int.MaxValue));
            side.Remaining -= length;
            if (side.Remaining == 0)
            {
                if (side.State == State.Body) Complete(side, frame);
                else side.State = State.ChunkEnd;
            }
            return;
        }
        if (side.State == State.UntilClose) return;
        if (!side.IsClient) _serverGap = true;
        _s.Note(new ProtocolNote("http.gap", fromOriginator, frame,
            $"{length} bytes of the {(side.IsClient ? "client" : "server")}'s stream missing ({reason}); waiting for the next {(side.IsClient ? "request" : "response")} line"));
        side.Lines.Reset();
        side.State = State.Lost;
        side.Request = null;
        side.Response = null;
    }

    public void OnEnd(bool fromOriginator, FrameTime frame, StreamEnd how)
    {
        var side = fromOriginator == _clientIsOriginator ? _client : _server;
        if (side.State == State.UntilClose) Complete(side, frame);
    }

    public void Finish(FrameTime end)
    {
        _s.FinishedAt = end;
        if (_server.State == State.UntilClose) Complete(_server, end);
    }

    private void Line(Side side, ReadOnlySpan<byte> line, LineStart start, FrameTime frame)
    {
        switch (side.State)
        {
            case State.StartLine or State.Lost:
                if (line.IsEmpty) return;   // blank lines between messages are tolerated (RFC 9112 §2.2)
                if (side.IsClient ? StartRequest(side, line, start) : StartResponse(side, line, start))
                {
                    side.State = State.Headers;
                    side.Noted = false;
                }
                else if (side.State != State.Lost && !side.Noted)
                {
                    side.Noted = true;
                    _s.Note(new ProtocolNote("http.unparsable", side.IsClient == _clientIsOriginator, start.At,
                        $"not a {(side.IsClient ? "request" : "status")} line: '{AsciiText.Of(line, 60)}'; waiting for the next one"));
                }
                return;
            case State.Headers:
                if (line.IsEmpty) EndHeaders(side, frame);
                else Header(side, line);
                return;
            case State.ChunkSize:
            {
                int semi = line.IndexOf((byte)';');
                var hex = (semi >= 0 ? line[..semi] : line).Trim((byte)' ');
                if (!long.TryParse(AsciiText.Of(hex, 20), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out long size) || size < 0)
                {
                    _s.Note(new ProtocolNote("http.bad_chunk", side.IsClient == _clientIsOriginator, start.At, "chunk size line does not parse"));
                    side.State = State.Lost;
                    return;
                }
                side.Remaining = size;
                side.State = size == 0 ? State.Trailers : State.ChunkData;
                return;
            }
            case State.ChunkEnd:
                side.State = State.ChunkSize;
                return;
            case State.Trailers:
                if (line.IsEmpty) Complete(side, frame);
                return;
        }
    }

    private bool StartRequest(Side side, ReadOnlySpan<byte> line, LineStart start)
    {
        int sp1 = line.IndexOf((byte)' ');
        if (sp1 <= 0) return false;
        var rest = line[(sp1 + 1)..];
        int sp2 = rest.LastIndexOf((byte)' ');
        if (sp2 <= 0 || !rest[(sp2 + 1)..].StartsWith("HTTP/"u8)) return false;
        var method = line[..sp1];
        foreach (byte b in method) if (b is < (byte)'A' or > (byte)'Z' and not (byte)'-') return false;
        var request = new HttpRequest
        {
            Method = Common(method) ?? AsciiText.Of(method), Target = AsciiText.Of(rest[..sp2], 2048), Version = Common(rest[(sp2 + 1)..]) ?? AsciiText.Of(rest[(sp2 + 1)..]), At = start.At,
        };
        side.Request = request;
        var exchange = new HttpExchange { Request = request };
        if (_s.Exchanges.Count < MaxExchanges) _s.Exchanges.Add(exchange);
        _waiting.Enqueue(exchange);
        _summaries?.Add(start.At.Frame, ProtocolKind.Http, request.ToString());
        return true;
    }

    private bool StartResponse(Side side, ReadOnlySpan<byte> line, LineStart start)
    {
        if (!line.StartsWith("HTTP/"u8)) return false;
        int sp1 = line.IndexOf((byte)' ');
        if (sp1 < 0 || line.Length < sp1 + 4) return false;
        var code = line.Slice(sp1 + 1, 3);
        foreach (byte b in code) if (b is < (byte)'0' or > (byte)'9') return false;
        var response = new HttpResponse
        {
            Version = Common(line[..sp1]) ?? AsciiText.Of(line[..sp1]),
            Status = (code[0] - '0') * 100 + (code[1] - '0') * 10 + (code[2] - '0'),
            Reason = line.Length > sp1 + 5 ? Common(line[(sp1 + 5)..]) ?? AsciiText.Of(line[(sp1 + 5)..], 256) : "",
            At = start.At,
        };
        side.Response = response;
        if (response.Status >= 200)
        {
            if (_serverGap)
            {
                // Responses were in data the capture does not have: this one answers the latest request that was
                // complete before it began, not the oldest one waiting.
                _serverGap = false;
                while (_waiting.Count > 1 && _waiting.ElementAt(1).Request.CompletedAt is { } done && done.Frame <= start.At.Frame)
                    _waiting.Dequeue().ResponseNotCaptured = true;
            }
            if (_waiting.TryDequeue(out var exchange))
            {
                exchange.Response = response;
                side.Exchange = exchange;
            }
            else
            {
                side.Exchange = null;
                _s.AddUnexpected(response);
            }
        }
        else if (_waiting.TryPeek(out var waiting)) waiting.AddInterim(response);
        _summaries?.Add(start.At.Frame, ProtocolKind.Http, response.ToString());
        return true;
    }

    /// <summary>The same few words in every message (methods, versions, reasons) as one string each.</summary>
    private static string? Common(ReadOnlySpan<byte> text) => text switch
    {
        _ when text.SequenceEqual("GET"u8) => "GET",
        _ when text.SequenceEqual("POST"u8) => "POST",
        _ when text.SequenceEqual("HEAD"u8) => "HEAD",
        _ when text.SequenceEqual("PUT"u8) => "PUT",
        _ when text.SequenceEqual("HTTP/1.1"u8) => "HTTP/1.1",
        _ when text.SequenceEqual("HTTP/1.0"u8) => "HTTP/1.0",
        _ when text.SequenceEqual("OK"u8) => "OK",
        _ when text.SequenceEqual("Not Found"u8) => "Not Found",
        _ when text.SequenceEqual("Not Modified"u8) => "Not Modified",
        _ => null,
    };

    private static void Header(Side side, ReadOnlySpan<byte> line)
    {
        int colon = line.IndexOf((byte)':');
        if (colon <= 0) return;
        var name = line[..colon];
        var value = line[(colon + 1)..].Trim((byte)' ').Trim((byte)'\t');
        if (AsciiText.StartsWithIgnoreCase(name, "Content-Length") && name.Length == 14)
        {
            if (long.TryParse(AsciiText.Of(value, 20), NumberStyles.None, CultureInfo.InvariantCulture, out long n))
            {
                if (side.Request is { } rq) rq.ContentLength = n;
                if (side.Response is { } rs) rs.ContentLength = n;
            }
        }
        else if (AsciiText.StartsWithIgnoreCase(name, "Transfer-Encoding") && name.Length == 17)
        {
            bool chunked = AsciiText.Of(value).Contains("chunked", StringComparison.OrdinalIgnoreCase);
            if (side.Request is { } rq) rq.Chunked = chunked;
            if (side.Response is { } rs) rs.Chunked = chunked;
        }
        else if (side.Request is { } rq && AsciiText.StartsWithIgnoreCase(name, "Host") && name.Length == 4)
        {
            rq.Host = AsciiText.Of(value, 255);
        }
    }

    private static void EndHeaders(Side side, FrameTime frame)
    {
        if (side.IsClient)
        {
            var rq = side.Request!;
            if (rq.Chunked) side.State = State.ChunkSize;
            else if (rq.ContentLength is { } n && n > 0) { side.State = State.Body; side.Remaining = n; }
            else Complete(side, frame);
            return;
        }
        var rs = side.Response!;
        bool noBody = rs.Status is < 200 or 204 or 304 || side.Exchange?.Request.Method == "HEAD";
        if (noBody) Complete(side, frame);
        else if (rs.Chunked) side.State = State.ChunkSize;
        else if (rs.ContentLength is { } n)
        {
            if (n == 0) Complete(side, frame);
            else { side.State = State.Body; side.Remaining = n; }
        }
        else side.State = State.UntilClose;   // RFC 9112 §6.3: the body runs to the end of the connection
    }

    private static void CountBody(Side side, long bytes)
    {
        if (side.Request is { } rq) rq.BodyBytes += bytes;
        if (side.Response is { } rs) rs.BodyBytes += bytes;
    }

    private static void Complete(Side side, FrameTime frame)
    {
        if (side.Request is { } rq) rq.CompletedAt = frame;
        if (side.Response is { } rs) rs.CompletedAt = frame;
        side.Request = null;
        side.Response = null;
        side.Exchange = null;
        side.State = State.StartLine;
    }
}
