using Wirecase.Flows;
using Wirecase.Flows.Tcp;
using Wirecase.Packets;
using Wirecase.Packets.Decoding;

namespace Wirecase.Protocols.Icmp;

/// <summary>An echo request and its reply (null while none came).</summary>
public sealed class IcmpEcho
{
    public required FrameTime Request { get; init; }
    public FrameTime? Reply { get; internal set; }
    public required IpAddressValue Source { get; init; }
    public required IpAddressValue Destination { get; init; }
    public required ushort Identifier { get; init; }
    public required ushort Sequence { get; init; }
    /// <summary>ICMP data bytes after the 8-byte header: what `ping -s N` (Linux) or `ping -l N` (Windows) sets.</summary>
    public required int PayloadBytes { get; init; }
    public required bool IsV6 { get; init; }
    public long? RttNs => Reply is { } r ? r.TimestampNs - Request.TimestampNs : null;
}

/// <summary>An ICMP error and the datagram it quotes, linked to the TCP connection it belongs to when there is one.</summary>
public sealed class IcmpError
{
    public required FrameTime At { get; init; }
    public required bool IsV6 { get; init; }
    public required byte Type { get; init; }
    public required byte Code { get; init; }
    /// <summary>The router or host that sent the error.</summary>
    public required IpAddressValue Reporter { get; init; }
    /// <summary>Next-hop MTU of a "fragmentation needed" (IPv4) or the MTU of a "packet too big" (IPv6).</summary>
    public uint? Mtu { get; init; }
    public required byte QuotedProtocol { get; init; }
    public required IpAddressValue QuotedSource { get; init; }
    public required IpAddressValue QuotedDestination { get; init; }
    public ushort? QuotedSourcePort { get; init; }
    public ushort? QuotedDestinationPort { get; init; }
    public bool QuotedDontFragment { get; init; }
    public TcpConnection? Connection { get; init; }
    public string Kind => IcmpNames.Describe(IsV6, Type, Code);
}

/// <summary>Echo pairs and errors of a whole capture; the ping markers a user left around a reproduction.</summary>
public sealed class IcmpTracker
{
    private const int MaxKept = 1_000_000;
    private readonly record struct EchoKey(IpAddressValue From, IpAddressValue To, ushort Id, ushort Seq);
    private readonly Dictionary<EchoKey, IcmpEcho> _waiting = [];

    public List<IcmpEcho> Echoes { get; } = [];
    public List<IcmpError> Errors { get; } = [];

    /// <summary>Echo requests whose ICMP data size is <paramref name="payloadBytes"/> (the user's `ping -l 22`).</summary>
    public IEnumerable<IcmpEcho> Markers(int payloadBytes) => Echoes.Where(e => e.PayloadBytes == payloadBytes);

    public void Packet(in DecodedPacket p, FrameTime at, TcpConnectionTable tcp)
    {
        bool v6 = p.Has(PacketLayers.Icmpv6);
        if (!v6 && !p.Has(PacketLayers.Icmp)) return;
        byte type = p.IcmpType;
        bool request = v6 ? type == 128 : type == 8;
        bool reply = v6 ? type == 129 : type == 0;
        if (request)
        {
            var echo = new IcmpEcho
            {
                Request = at, Source = p.Source, Destination = p.Destination, Identifier = p.IcmpIdentifier, Sequence = p.IcmpSequence,
                PayloadBytes = p.PayloadLength, IsV6 = v6,
            };
            if (Echoes.Count < MaxKept) Echoes.Add(echo);
            if (_waiting.Count < MaxKept) _waiting[new EchoKey(p.Source, p.Destination, p.IcmpIdentifier, p.IcmpSequence)] = echo;
            return;
        }
        if (reply)
        {
            if (_waiting.Remove(new EchoKey(p.Destination, p.Source, p.IcmpIdentifier, p.IcmpSequence), out var echo)) echo.Reply = at;
            return;
        }
        if (!p.Has(PacketLayers.IcmpQuote) || Errors.Count >= MaxKept) return;
        ref readonly var q = ref p.Quoted;
        TcpConnection? connection = q.Protocol == 6 && q.HasPorts ? tcp.Find(q.Source, q.SourcePort, q.Destination, q.DestinationPort) : null;
        bool mtu = v6 ? type == 2 : type == 3 && p.IcmpCode == 4;
        Errors.Add(new IcmpError
        {
            At = at, IsV6 = v6, Type = type, Code = p.IcmpCode, Reporter = p.Source, Mtu = mtu ? p.IcmpMtu : null,
            QuotedProtocol = q.Protocol, QuotedSource = q.Source, QuotedDestination = q.Destination,
            QuotedSourcePort = q.HasPorts ? q.SourcePort : null, QuotedDestinationPort = q.HasPorts ? q.DestinationPort : null,
            QuotedDontFragment = q.DontFragment, Connection = connection,
        });
    }
}

public static class IcmpNames
{
    public static string Describe(bool v6, byte type, byte code) => v6
        ? type switch
        {
            1 => $"Destination unreachable ({code switch { 0 => "no route", 1 => "administratively prohibited", 3 => "address unreachable", 4 => "port unreachable", _ => $"code {code}" }})",
            2 => "Packet too big",
            3 => code == 0 ? "Time exceeded (hop limit exceeded in transit)" : "Time exceeded (fragment reassembly time exceeded)",
            4 => "Parameter problem",
            _ => $"ICMPv6 type {type}",
        }
        : type switch
        {
            3 => $"Destination unreachable ({code switch { 0 => "Network unreachable", 1 => "Host unreachable", 2 => "Protocol unreachable", 3 => "Port unreachable", 4 => "Fragmentation needed", 9 or 10 or 13 => "Administratively prohibited", _ => $"code {code}" }})",
            4 => "Source quench",
            5 => "Redirect",
            11 => code == 0 ? "Time-to-live exceeded (Time to live exceeded in transit)" : "Time-to-live exceeded (Fragment reassembly time exceeded)",
            12 => "Parameter problem",
            _ => $"ICMP type {type}",
        };
}
