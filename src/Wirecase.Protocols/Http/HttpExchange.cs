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
    /// <summary>Interim 1xx responses (100 Continue …) before the final one.</summary>
    public List<HttpResponse> Interim { get; } = [];
    /// <summary>From the end of the request to the first byte of the response.</summary>
    public long? ResponseTimeNs => Response is null || Request.CompletedAt is not { } end ? null : Response.At.TimestampNs - end.TimestampNs;
    /// <summary>From the end of the request to the end of the response (what Wireshark calls http.time).</summary>
    public long? CompletionTimeNs => Response?.CompletedAt is not { } done || Request.CompletedAt is not { } end ? null : done.TimestampNs - end.TimestampNs;
}

public sealed class HttpSession(TcpConnection connection)
{
    public TcpConnection Connection { get; } = connection;
    public List<HttpExchange> Exchanges { get; } = [];
    /// <summary>Responses that came with no request waiting.</summary>
    public List<HttpResponse> UnexpectedResponses { get; } = [];
    public List<ProtocolNote> Notes { get; } = [];
    public FrameTime? FinishedAt { get; internal set; }
    public IEnumerable<HttpExchange> Unanswered => Exchanges.Where(e => e.Response is null);
}
