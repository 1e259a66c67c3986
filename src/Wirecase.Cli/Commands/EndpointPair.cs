using System.Globalization;
using System.Net;
using Wirecase.Flows.Tcp;

namespace Wirecase.Cli.Commands;

/// <summary>Two endpoints "ADDR:PORT,ADDR:PORT" (IPv6 in brackets), in either order.</summary>
internal sealed record EndpointPair(IPAddress A, ushort PortA, IPAddress B, ushort PortB)
{
    public static bool TryParse(string text, out EndpointPair pair)
    {
        pair = null!;
        var parts = text.Split(',');
        if (parts.Length != 2 || !TryEndpoint(parts[0], out var a, out ushort pa) || !TryEndpoint(parts[1], out var b, out ushort pb))
            return false;
        pair = new EndpointPair(a, pa, b, pb);
        return true;
    }

    private static bool TryEndpoint(string s, out IPAddress address, out ushort port)
    {
        address = IPAddress.None;
        port = 0;
        int colon = s.LastIndexOf(':');
        if (colon <= 0) return false;
        string host = s[..colon].Trim('[', ']');
        return IPAddress.TryParse(host, out address!) &&
               ushort.TryParse(s[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out port);
    }

    public bool Matches(TcpConnection c)
    {
        var o = c.OriginatorAddress.ToIPAddress();
        var r = c.ResponderAddress.ToIPAddress();
        return o.Equals(A) && c.OriginatorPort == PortA && r.Equals(B) && c.ResponderPort == PortB ||
               o.Equals(B) && c.OriginatorPort == PortB && r.Equals(A) && c.ResponderPort == PortA;
    }
}
