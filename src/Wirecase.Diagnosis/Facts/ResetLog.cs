using Wirecase.Flows.Tcp;

namespace Wirecase.Diagnosis.Facts;

/// <summary>A RST as it happened: who sent it and what the connection had done just before.</summary>
public readonly record struct ResetEvent(
    int Stream,
    long Frame,
    long TimestampNs,
    bool FromOriginator,
    /// <summary>Time of the latest data from the RST's sender and from its peer before the RST (0: none).</summary>
    long SenderLastPayloadNs,
    long PeerLastPayloadNs,
    bool SenderSentFin,
    bool PeerSentFin);

/// <summary>The first RST of every connection, recorded during the pass; bounded (the rest are only counted).</summary>
public sealed class ResetLog
{
    public const int MaxResets = 20_000;

    private readonly List<ResetEvent> _resets = [];
    private readonly HashSet<int> _streams = [];

    public IReadOnlyList<ResetEvent> Resets => _resets;
    /// <summary>RST segments seen after <see cref="MaxResets"/> were kept.</summary>
    public long NotKept { get; private set; }

    /// <summary>Called for a segment with RST, before the TCP engine has seen it (so the connection's state is what
    /// came before the RST).</summary>
    internal void Add(TcpConnection c, bool fromOriginator, long frame, long timestampNs)
    {
        if (_resets.Count >= MaxResets)
        {
            NotKept++;
            return;
        }
        if (!_streams.Add(c.Stream)) return;
        var sender = c.Direction(fromOriginator);
        var peer = c.Direction(!fromOriginator);
        _resets.Add(new ResetEvent(c.Stream, frame, timestampNs, fromOriginator, sender.LastPayloadNs, peer.LastPayloadNs, sender.SawFin, peer.SawFin));
    }
}
