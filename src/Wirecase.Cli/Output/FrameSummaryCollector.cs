using Wirecase.Protocols;

namespace Wirecase.Cli.Output;

/// <summary>
/// Collects the application summaries the analyzers give while a frame is processed, for that frame's line of
/// `wirecase packets`. Summaries of frames already written (data that was held back out of order) are dropped.
/// </summary>
internal sealed class FrameSummaryCollector : IFrameSummaries
{
    private readonly List<(long Frame, ProtocolKind Protocol, string Text)> _pending = [];

    public void Add(long frame, ProtocolKind protocol, string summary) => _pending.Add((frame, protocol, summary));

    /// <summary>The protocol and the joined summaries for <paramref name="frame"/>, or null; forgets everything up to it.</summary>
    public (string Protocol, string Text)? Take(long frame)
    {
        if (_pending.Count == 0) return null;
        ProtocolKind protocol = ProtocolKind.Unknown;
        var texts = new List<string>();
        foreach (var (f, p, t) in _pending)
        {
            if (f != frame) continue;
            protocol = p;
            texts.Add(t);
        }
        _pending.RemoveAll(e => e.Frame <= frame);
        return texts.Count == 0 ? null : (Name(protocol), string.Join(", ", texts));
    }

    private static string Name(ProtocolKind p) => p switch
    {
        ProtocolKind.Smtp => "SMTP",
        ProtocolKind.Tls => "TLS",
        ProtocolKind.Http => "HTTP",
        ProtocolKind.Dns => "DNS",
        ProtocolKind.Lpd => "LPD",
        _ => "",
    };
}
