using Wirecase.Flows;

namespace Wirecase.Protocols;

/// <summary>
/// Something an analyzer noticed that is not a normal step of the protocol: the stream became unparsable (garbage, a
/// gap, a truncated message), a limit was reached, or the analyzer resynchronised. <see cref="Id"/> is a stable
/// snake_case signal id (<c>smtp.unparsable</c>, <c>tls.resync</c> …); the diagnosis stage gives it words.
/// </summary>
public sealed record ProtocolNote(string Id, bool FromOriginator, FrameTime At, string Detail);
