using Wirecase.Flows;
using Wirecase.Packets;

namespace Wirecase.Protocols.Dns;

/// <summary>A query and the response that answered it (null while none came), paired by id and addresses.</summary>
public sealed class DnsExchange
{
    public required DnsMessage Query { get; init; }
    public required FrameTime QueryAt { get; init; }
    public required IpAddressValue Client { get; init; }
    public required ushort ClientPort { get; init; }
    public required IpAddressValue Server { get; init; }
    public required ushort ServerPort { get; init; }
    public required bool OverTcp { get; init; }
    public DnsMessage? Response { get; internal set; }
    public FrameTime? ResponseAt { get; internal set; }
    /// <summary>The same query sent again before any answer came (frames).</summary>
    public List<FrameTime> Retransmissions { get; } = [];
    /// <summary>From the first copy of the query to the response (what Wireshark calls dns.time): what the client
    /// waited, retransmissions included.</summary>
    public long? LatencyNs => ResponseAt is { } r ? r.TimestampNs - QueryAt.TimestampNs : null;
}
