namespace Wirecase.Protocols;

/// <summary>
/// Receives the application summary of a frame, the way tshark's info column shows it (<c>C: MAIL FROM:&lt;…&gt;</c>,
/// <c>Client Hello</c>, <c>GET /x HTTP/1.1</c>). Analyzers format these only when a receiver is attached.
/// </summary>
public interface IFrameSummaries
{
    void Add(long frame, ProtocolKind protocol, string summary);
}
