using Wirecase.Packets;
using Wirecase.Packets.Decoding;

namespace Wirecase.Flows.Conversations;

/// <summary>UDP conversations (by addresses and ports) and IP conversations (by address pair), in order of appearance.</summary>
public sealed class ConversationTable
{
    private readonly Dictionary<FlowKey, Conversation> _udp = [];
    private readonly Dictionary<FlowKey, Conversation> _ip = [];
    private readonly List<Conversation> _udpList = [];
    private readonly List<Conversation> _ipList = [];

    public IReadOnlyList<Conversation> Udp => _udpList;
    public IReadOnlyList<Conversation> Ip => _ipList;

    public void Add(in DecodedPacket p, long frame, long timestampNs)
    {
        if (!p.IsIp) return;
        Count(_ip, _ipList, p.Source, 0, p.Destination, 0, 0, p.OriginalLength, frame, timestampNs);
        if (p.IsUdp)
            Count(_udp, _udpList, p.Source, p.SourcePort, p.Destination, p.DestinationPort, 17, p.OriginalLength, frame, timestampNs);
    }

    private static void Count(Dictionary<FlowKey, Conversation> map, List<Conversation> list, IpAddressValue src, ushort sport,
        IpAddressValue dst, ushort dport, byte protocol, uint length, long frame, long ts)
    {
        var key = FlowKey.For(src, sport, dst, dport, protocol, out _);
        if (!map.TryGetValue(key, out var c))
        {
            c = new Conversation(src, sport, dst, dport, protocol, ts, frame);
            map.Add(key, c);
            list.Add(c);
        }
        c.Add(c.AddressA == src && c.PortA == sport, length, ts);
    }
}
