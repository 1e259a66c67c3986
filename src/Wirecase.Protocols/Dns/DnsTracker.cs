using Wirecase.Flows;
using Wirecase.Packets;

namespace Wirecase.Protocols.Dns;

/// <summary>
/// Pairs DNS queries and responses of a whole capture (over UDP and TCP) by id, client and server address and port;
/// counts a query sent again before its answer as a retransmission. Waiting queries are bounded: past the limit the
/// oldest stays unanswered.
/// </summary>
public sealed class DnsTracker
{
    private const int MaxWaiting = 100_000;
    private const int MaxExchanges = 1_000_000;
    /// <summary>The same query again within this time of the first copy is a retransmission; later it is a new query
    /// (Wireshark's dns.retransmission_timer, 5 s).</summary>
    private const long RetransmissionWindowNs = 5_000_000_000;

    private readonly record struct Key(IpAddressValue Client, ushort ClientPort, IpAddressValue Server, ushort ServerPort, ushort Id);

    private readonly Dictionary<Key, DnsExchange> _waiting = [];
    private readonly Queue<Key> _order = new();

    public List<DnsExchange> Exchanges { get; } = [];
    /// <summary>Responses that matched no query (the query was not captured, or answered twice).</summary>
    public List<(DnsMessage Response, FrameTime At)> UnmatchedResponses { get; } = [];
    public List<ProtocolNote> Notes { get; } = [];

    internal IFrameSummaries? Summaries { get; set; }

    public void Message(ReadOnlySpan<byte> bytes, FrameTime at, IpAddressValue source, ushort sourcePort,
        IpAddressValue destination, ushort destinationPort, bool overTcp)
    {
        var m = DnsMessage.TryParse(bytes);
        if (m is null)
        {
            if (Notes.Count < 10_000)
                Notes.Add(new ProtocolNote("dns.unparsable", true, at, $"a {bytes.Length}-byte DNS message that does not parse"));
            return;
        }
        if (Summaries is not null) Summaries.Add(at.Frame, ProtocolKind.Dns, Summary(m));
        if (!m.IsResponse)
        {
            var key = new Key(source, sourcePort, destination, destinationPort, m.Id);
            if (_waiting.TryGetValue(key, out var pending) && pending.Query.Name == m.Name && pending.Query.Type == m.Type &&
                at.TimestampNs - pending.QueryAt.TimestampNs <= RetransmissionWindowNs)
            {
                pending.Retransmissions.Add(at);
                return;
            }
            var exchange = new DnsExchange
            {
                Query = m, QueryAt = at, Client = source, ClientPort = sourcePort, Server = destination, ServerPort = destinationPort, OverTcp = overTcp,
            };
            if (Exchanges.Count < MaxExchanges) Exchanges.Add(exchange);
            _waiting[key] = exchange;
            _order.Enqueue(key);
            while (_waiting.Count > MaxWaiting && _order.TryDequeue(out var old)) _waiting.Remove(old);
            return;
        }
        var reply = new Key(destination, destinationPort, source, sourcePort, m.Id);
        if (_waiting.Remove(reply, out var answered))
        {
            answered.Response = m;
            answered.ResponseAt = at;
        }
        else if (UnmatchedResponses.Count < MaxExchanges) UnmatchedResponses.Add((m, at));
    }

    /// <summary>tshark's info column: "Standard query 0x1a2b A example.org", "Standard query response 0x1a2b A … A 192.0.2.1".</summary>
    private static string Summary(DnsMessage m)
    {
        string kind = m.Opcode == 0 ? "Standard query" : $"Opcode {m.Opcode}";
        string head = $"{kind}{(m.IsResponse ? " response" : "")} 0x{m.Id:x4}";
        if (m.IsResponse && m.Rcode != 0) head += " " + m.RcodeName;
        string question = m.Questions > 0 ? $" {DnsNames.Type(m.Type)} {m.Name}" : "";
        string answers = m.Answers.Count > 0 ? " " + string.Join(" ", m.Answers) : "";
        return head + question + answers;
    }
}
