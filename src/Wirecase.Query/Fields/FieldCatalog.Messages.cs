using System.Text;
using Wirecase.Query.Evaluation;

namespace Wirecase.Query.Fields;

/// <summary>
/// Fields of the application messages that start in a frame the analyzers recognised (HTTP request/response lines and
/// Host, SMTP commands and reply codes, TLS record and handshake types), read from the frame's own payload: a message
/// that spans segments is described where it starts (Wireshark describes it where its reassembly ends).
/// </summary>
public static partial class FieldCatalog
{
    private static readonly string[] HttpMethods = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE"];
    private static readonly string[] SmtpCommands =
        ["HELO", "EHLO", "MAIL", "RCPT", "DATA", "QUIT", "RSET", "NOOP", "VRFY", "EXPN", "HELP", "AUTH", "STARTTLS", "BDAT", "ETRN", "TURN"];

    private static void AddMessageFields()
    {
        Text("http.request.method", "HTTP request method", (in FrameView f) => f.Application == "HTTP" ? HttpMethod(FirstLine(f)) : null, FieldNeeds.Application);
        Text("http.request.uri", "HTTP request target", (in FrameView f) =>
            f.Application == "HTTP" && FirstLine(f) is var line && HttpMethod(line) is not null && line.Split(' ') is { Length: >= 3 } parts ? parts[1] : null,
            FieldNeeds.Application);
        Number("http.response.code", "HTTP status code", (in FrameView f) => f.Application == "HTTP" && HttpStatus(FirstLine(f)) >= 0,
            (in FrameView f) => HttpStatus(FirstLine(f)), FieldNeeds.Application);
        Text("http.host", "HTTP Host header", (in FrameView f) => f.Application == "HTTP" ? Header(f, "Host") : null, FieldNeeds.Application);
        Text("smtp.req.command", "SMTP command (as sent)", (in FrameView f) => f.Application == "SMTP" ? SmtpCommand(FirstLine(f)) : null, FieldNeeds.Application);
        Number("smtp.response.code", "SMTP reply code", (in FrameView f) => f.Application == "SMTP" && SmtpReply(FirstLine(f)) >= 0,
            (in FrameView f) => SmtpReply(FirstLine(f)), FieldNeeds.Application);
        Add(new("tls.record.content_type", FieldType.Number, "TLS record content type (each record starting in the frame)", (in FrameView f, FieldValue[] into) =>
            TlsRecords(f, into, handshakeTypes: false), FieldNeeds.Application | FieldNeeds.TcpAnalysis));
        Add(new("tls.handshake.type", FieldType.Number, "TLS handshake message type (unencrypted handshake records)", (in FrameView f, FieldValue[] into) =>
            TlsRecords(f, into, handshakeTypes: true), FieldNeeds.Application | FieldNeeds.TcpAnalysis));
    }

    private static ReadOnlySpan<byte> Payload(in FrameView f)
    {
        int offset = f.Packet.PayloadOffset;
        if (f.Packet.PayloadCaptured <= 0 || offset <= 0 || offset >= f.Data.Length) return default;
        return f.Data.Slice(offset, Math.Min(f.Packet.PayloadCaptured, f.Data.Length - offset));
    }

    private static string FirstLine(in FrameView f)
    {
        var p = Payload(f);
        int end = p.IndexOf((byte)'\n');
        var line = end < 0 ? p : p[..end];
        if (line.Length > 0 && line[^1] == '\r') line = line[..^1];
        return Encoding.Latin1.GetString(line[..Math.Min(line.Length, 2048)]);
    }

    private static string? HttpMethod(string line)
    {
        int space = line.IndexOf(' ');
        if (space <= 0 || !line.Contains(" HTTP/", StringComparison.Ordinal)) return null;
        string method = line[..space];
        return Array.IndexOf(HttpMethods, method) >= 0 ? method : null;
    }

    private static long HttpStatus(string line) =>
        line.StartsWith("HTTP/1.", StringComparison.Ordinal) && line.Length >= 12 && line[8] == ' ' && int.TryParse(line.AsSpan(9, 3), out int code) ? code : -1;

    private static string? Header(in FrameView f, string name)
    {
        var payload = Payload(f);
        string text = Encoding.Latin1.GetString(payload[..Math.Min(payload.Length, 8192)]);
        foreach (var line in text.Split("\r\n"))
        {
            if (line.Length == 0) break;
            int colon = line.IndexOf(':');
            if (colon > 0 && line.AsSpan(0, colon).Equals(name, StringComparison.OrdinalIgnoreCase)) return line[(colon + 1)..].Trim();
        }
        return null;
    }

    private static string? SmtpCommand(string line)
    {
        int space = line.IndexOf(' ');
        string word = space < 0 ? line : line[..space];
        return Array.IndexOf(SmtpCommands, word.ToUpperInvariant()) >= 0 ? word : null;
    }

    private static long SmtpReply(string line) =>
        line.Length >= 3 && char.IsAsciiDigit(line[0]) && char.IsAsciiDigit(line[1]) && char.IsAsciiDigit(line[2]) && (line.Length == 3 || line[3] is ' ' or '-')
            ? (line[0] - '0') * 100 + (line[1] - '0') * 10 + (line[2] - '0') : -1;

    /// <summary>Walks the TLS records that start in the frame: their content types, or the types of the handshake
    /// messages the unencrypted handshake records hold.</summary>
    private static int TlsRecords(in FrameView f, FieldValue[] into, bool handshakeTypes)
    {
        if (f.Application != "TLS") return 0;
        var p = Payload(f);
        int n = 0;
        while (p.Length >= 5 && n < into.Length && p[0] is >= 20 and <= 24 && p[1] == 3)
        {
            int length = (p[3] << 8) | p[4];
            var body = p[5..];
            if (!handshakeTypes) into[n++].Number = p[0];
            else if (p[0] == 22 && body.Length >= 4 && body[0] is 1 or 2 or 4 or 8 or 11 or 12 or 13 or 14 or 15 or 16 or 20
                     && 4 + ((body[1] << 16) | (body[2] << 8) | body[3]) <= length)
                into[n++].Number = body[0];
            if (body.Length <= length) break;
            p = body[length..];
        }
        return n;
    }
}
