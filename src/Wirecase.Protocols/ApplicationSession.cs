using Wirecase.Flows;
using Wirecase.Flows.Tcp;

namespace Wirecase.Protocols;

/// <summary>What every application session on a TCP connection has: the connection, which side is the client, the
/// analyzer's notes, and when it finished (the connection closed or the capture ended).</summary>
public abstract class ApplicationSession(TcpConnection connection)
{
    private const int MaxNotes = 1000;
    private List<ProtocolNote>? _notes;

    public TcpConnection Connection { get; } = connection;

    /// <summary>The client (who sent the first command or hello) is the connection's originator; false for a
    /// connection seen mid-stream whose first captured packet came from the server.</summary>
    public bool ClientIsOriginator { get; init; } = true;

    /// <summary>What the analyzer could not parse, gaps, resynchronisations (stable ids such as smtp.gap).</summary>
    public IReadOnlyList<ProtocolNote> Notes => (IReadOnlyList<ProtocolNote>?)_notes ?? [];

    /// <summary>When the connection closed, or the capture ended: what still waits then is unanswered.</summary>
    public FrameTime? FinishedAt { get; internal set; }

    internal void Note(ProtocolNote note)
    {
        _notes ??= [];
        if (_notes.Count < MaxNotes) _notes.Add(note);
    }
}
