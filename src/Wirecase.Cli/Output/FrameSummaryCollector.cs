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
        string? text = null;
        int kept = 0;
        // One pass, no allocation unless this frame has summaries: keep what belongs to later frames, in order.
        for (int i = 0; i < _pending.Count; i++)
        {
            var entry = _pending[i];
            if (entry.Frame == frame)
            {
                protocol = entry.Protocol;
                text = text is null ? entry.Text : text + ", " + entry.Text;
            }
            if (entry.Frame > frame) _pending[kept++] = entry;
        }
        if (kept < _pending.Count) _pending.RemoveRange(kept, _pending.Count - kept);
        return text is null ? null : (Name(protocol), text);
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
