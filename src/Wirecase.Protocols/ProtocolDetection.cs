using Wirecase.Flows.Tcp;
using Wirecase.Protocols.Streams;

namespace Wirecase.Protocols;

/// <summary>Which application protocol a connection carries, from its first bytes or its ports.</summary>
internal static class ProtocolDetection
{
    private static readonly string[] Methods = ["GET ", "POST ", "HEAD ", "PUT ", "DELETE ", "OPTIONS ", "CONNECT ", "PATCH ", "TRACE "];

    /// <summary>From the first bytes one side sent. Also says whether the client is the connection's originator.</summary>
    public static (ProtocolKind Kind, bool ClientIsOriginator) ByContent(TcpConnection c, bool fromOriginator, ReadOnlySpan<byte> data)
    {
        if (data.Length >= 3 && data[0] == 0x16 && data[1] == 3 && data[2] <= 4)
        {
            // A handshake record: a ClientHello comes from the client, anything else from the server.
            bool fromClient = data.Length < 6 || data[5] == 1;
            return (ProtocolKind.Tls, fromClient == fromOriginator);
        }
        if (data.Length >= 3 && (data[0] & 0x80) != 0 && data[2] == 1 && IsTlsPort(c)) return (ProtocolKind.Tls, fromOriginator);
        foreach (var m in Methods)
            if (AsciiText.StartsWithIgnoreCase(data, m) && m[0] == data[0]) return (ProtocolKind.Http, fromOriginator);
        if (data.StartsWith("HTTP/1."u8)) return (ProtocolKind.Http, !fromOriginator);
        if (AsciiText.StartsWithIgnoreCase(data, "EHLO ") || AsciiText.StartsWithIgnoreCase(data, "HELO ")) return (ProtocolKind.Smtp, fromOriginator);
        if (data.Length >= 4 && data.StartsWith("220"u8) && data[3] is (byte)' ' or (byte)'-' && c.ResponderPort != 21 && c.OriginatorPort != 21)
            return (ProtocolKind.Smtp, !fromOriginator);
        return (ProtocolKind.Unknown, true);
    }

    /// <summary>A TLS handshake record holding a ClientHello starts here.</summary>
    public static bool IsClientHello(ReadOnlySpan<byte> data) =>
        data.Length >= 6 && data[0] == 0x16 && data[1] == 3 && data[2] <= 4 && data[5] == 1;

    /// <summary>From well-known server ports (the responder's, or the originator's for a connection seen mid-stream).</summary>
    public static (ProtocolKind Kind, bool ClientIsOriginator) ByPort(TcpConnection c)
    {
        var kind = ByServerPort(c.ResponderPort);
        if (kind != ProtocolKind.Unknown) return (kind, true);
        // LPD clients use source ports 721–731 (RFC 1179 §3); a mid-stream connection may have its roles reversed.
        kind = ByServerPort(c.OriginatorPort);
        return kind != ProtocolKind.Unknown ? (kind, false) : (ProtocolKind.Unknown, true);
    }

    private static ProtocolKind ByServerPort(ushort port) => port switch
    {
        25 or 587 or 2525 => ProtocolKind.Smtp,
        80 or 8080 or 8000 or 8008 or 3128 => ProtocolKind.Http,
        443 or 465 or 993 or 995 or 853 or 8443 or 636 or 990 => ProtocolKind.Tls,
        53 => ProtocolKind.Dns,
        515 => ProtocolKind.Lpd,
        _ => ProtocolKind.Unknown,
    };

    private static bool IsTlsPort(TcpConnection c) => ByServerPort(c.ResponderPort) == ProtocolKind.Tls || ByServerPort(c.OriginatorPort) == ProtocolKind.Tls;
}
