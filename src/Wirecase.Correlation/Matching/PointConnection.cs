using Wirecase.Packets;

namespace Wirecase.Correlation.Matching;

/// <summary>How a connection seen at one point was recognised as one seen at another.</summary>
public enum MatchMethod : byte
{
    /// <summary>The first point it was seen at.</summary>
    First,
    /// <summary>Same addresses and ports.</summary>
    SameAddresses,
    /// <summary>Same initial sequence number of the SYN, other addresses or ports (NAT/PAT).</summary>
    InitialSequence,
    /// <summary>Same first payload bytes and close in time (sequence numbers rewritten, or a proxy).</summary>
    Payload,
}

/// <summary>One TCP connection (tcp.stream) at one capture point, and the conversation it belongs to.</summary>
internal sealed class PointConnection(int point, int stream, IpAddressValue clientAddress, ushort clientPort,
    IpAddressValue serverAddress, ushort serverPort, long firstNs)
{
    public int Point { get; } = point;
    public int Stream { get; } = stream;
    public IpAddressValue ClientAddress { get; } = clientAddress;
    public ushort ClientPort { get; } = clientPort;
    public IpAddressValue ServerAddress { get; } = serverAddress;
    public ushort ServerPort { get; } = serverPort;
    public long FirstNs { get; } = firstNs;
    public uint? ClientIsn { get; set; }
    public uint? ServerIsn { get; set; }
    public uint SynIpId { get; set; }
    public Conversation? Conversation { get; set; }
    public MatchMethod Method { get; set; }
    public bool ClientDataHashed { get; set; }
    public bool ServerDataHashed { get; set; }
    public long Segments { get; set; }

    public (IpAddressValue, ushort, IpAddressValue, ushort) Tuple => (ClientAddress, ClientPort, ServerAddress, ServerPort);

    public string Describe() => $"{Endpoint(ClientAddress, ClientPort)} → {Endpoint(ServerAddress, ServerPort)}";

    public static string Endpoint(IpAddressValue address, ushort port) =>
        address.Version == 6 ? $"[{address}]:{port}" : $"{address}:{port}";
}
