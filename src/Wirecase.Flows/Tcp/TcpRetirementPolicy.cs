namespace Wirecase.Flows.Tcp;

/// <summary>
/// When the connection table lets go of connections so that its memory follows the connections in progress, not the
/// length of the capture. A retired connection is handed to the table's retirement callback (its counters are final
/// unless a late packet resumes it) and only a small record of its 4-tuple is kept: a later packet on the 4-tuple
/// resumes the same stream number with its sequence origins, and a SYN with another initial sequence number is seen as
/// a reuse of the ports, as without retirement.
/// </summary>
public sealed record TcpRetirementPolicy
{
    /// <summary>A closed connection (FIN both ways, or a RST) is retired after this much capture time without a
    /// packet. Long enough for a retransmitted FIN or last ACK: RTO backoff from 0.2 s reaches 6.2 s in five tries.</summary>
    public TimeSpan ClosedLinger { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>A connection still open is retired after this much capture time without a packet (Zeek's TCP
    /// inactivity timeout).</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Past this many connections in memory the oldest ones (by stream number) silent for a second are retired,
    /// then — if that is not enough — the oldest ones, busy or not, down to three quarters of it: memory stays bounded
    /// whatever the capture (about 1.4 kB per connection).</summary>
    public int MaxLiveConnections { get; init; } = 50_000;

    /// <summary>How long (in capture time after retirement) the record of a retired connection's 4-tuple is kept; after
    /// it, a packet on the 4-tuple starts a new stream. Default: until the 4-tuple is used by a new connection, as
    /// Wireshark numbers streams — the records then grow with the distinct 4-tuples, not the connections: about 45 bytes
    /// of memory each, the rest of the record in a temporary file.</summary>
    public TimeSpan RememberFor { get; init; } = TimeSpan.MaxValue;

    /// <summary>How often (in capture time) the table looks for closed connections whose linger has passed. Connections
    /// still open are looked at every quarter of <see cref="IdleTimeout"/> (at most every 60 of these).</summary>
    public TimeSpan SweepInterval { get; init; } = TimeSpan.FromSeconds(1);
}
