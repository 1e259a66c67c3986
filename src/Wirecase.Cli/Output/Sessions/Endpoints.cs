using Wirecase.Flows.Tcp;

namespace Wirecase.Cli.Output.Sessions;

/// <summary>"address:port" of the client and the server of a connection, whichever side originated it.</summary>
internal static class Endpoints
{
    public static string Client(TcpConnection c, bool clientIsOriginator) =>
        clientIsOriginator ? Text(c.OriginatorAddress, c.OriginatorPort) : Text(c.ResponderAddress, c.ResponderPort);

    public static string Server(TcpConnection c, bool clientIsOriginator) =>
        clientIsOriginator ? Text(c.ResponderAddress, c.ResponderPort) : Text(c.OriginatorAddress, c.OriginatorPort);

    private static string Text(Wirecase.Packets.IpAddressValue a, ushort port) => a.Version == 6 ? $"[{a}]:{port}" : $"{a}:{port}";
}
