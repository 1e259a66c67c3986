using Wirecase.Flows;
using Wirecase.Flows.Tcp;

namespace Wirecase.Protocols.Http;

public sealed class HttpRequest
{
    public required string Method { get; init; }
    public required string Target { get; init; }
    public required string Version { get; init; }
    public string? Host { get; internal set; }
    public long? ContentLength { get; internal set; }
    public bool Chunked { get; internal set; }
    /// <summary>The frame with the request's first byte, and the one that completed it (headers and body).</summary>
    public required FrameTime At { get; init; }
    public FrameTime? CompletedAt { get; internal set; }
    public long BodyBytes { get; internal set; }
    public override string ToString() => $"{Method} {Target} {Version}";
}

public sealed class HttpResponse
{
    public required int Status { get; init; }
    public required string Reason { get; init; }
    public required string Version { get; init; }
    public long? ContentLength { get; internal set; }
    public bool Chunked { get; internal set; }
    public required FrameTime At { get; init; }
    public FrameTime? CompletedAt { get; internal set; }
    public long BodyBytes { get; internal set; }
    public override string ToString() => $"{Version} {Status} {Reason}";
}

/// <summary>A request and the response that answered it (null while none came).</summary>
public sealed class HttpExchange
{
    public required HttpRequest Request { get; init; }
    public HttpResponse? Response { get; internal set; }
    private List<HttpResponse>? _interim;
    /// <summary>Interim 1xx responses (100 Continue …) before the final one.</summary>
    public IReadOnlyList<HttpResponse> Interim => (IReadOnlyList<HttpResponse>?)_interim ?? [];
    internal void AddInterim(HttpResponse response) => (_interim ??= []).Add(response);
    /// <summary>The response was in a part of the server's stream the capture does not have.</summary>
    public bool ResponseNotCaptured { get; internal set; }
    /// <summary>The server began its response before the request was complete (an early 401 or 413 …).</summary>
    public bool RespondedEarly => Response is not null && (Request.CompletedAt is not { } end || Response.At.Frame < end.Frame);
    /// <summary>From the end of the request to the first byte of the response (null when the server answered early).</summary>
    public long? ResponseTimeNs => Response is null || RespondedEarly || Request.CompletedAt is not { } end ? null : Response.At.TimestampNs - end.TimestampNs;
    /// <summary>From the end of the request to the end of the response (what Wireshark calls http.time).</summary>
    public long? CompletionTimeNs => Response?.CompletedAt is not { } done || Request.CompletedAt is not { } end || done.Frame < end.Frame
        ? null : done.TimestampNs - end.TimestampNs;
}

public sealed class HttpSession(TcpConnection connection) : ApplicationSession(connection)
{
    public List<HttpExchange> Exchanges { get; } = [];
    private List<HttpResponse>? _unexpected;
    /// <summary>Responses that came with no request waiting.</summary>
    public IReadOnlyList<HttpResponse> UnexpectedResponses => (IReadOnlyList<HttpResponse>?)_unexpected ?? [];
    internal void AddUnexpected(HttpResponse response)
    {
        _unexpected ??= [];
        if (_unexpected.Count < 100_000) _unexpected.Add(response);
    }
    public IEnumerable<HttpExchange> Unanswered => Exchanges.Where(e => e.Response is null && !e.ResponseNotCaptured);
}
