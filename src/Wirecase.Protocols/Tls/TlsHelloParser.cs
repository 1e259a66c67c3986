using Wirecase.Flows;
using Wirecase.Protocols.Streams;

namespace Wirecase.Protocols.Tls;

/// <summary>The handshake messages Wirecase reads in the clear: ClientHello, ServerHello (and HelloRetryRequest) and
/// Certificate (RFC 5246 §7.4, RFC 8446 §4).</summary>
internal static class TlsHelloParser
{
    private const ushort ServerNameExtension = 0, AlpnExtension = 16, SupportedVersionsExtension = 43;

    // RFC 8446 §4.1.3: a HelloRetryRequest is a ServerHello whose random is SHA-256("HelloRetryRequest").
    private static ReadOnlySpan<byte> HelloRetryRandom =>
    [
        0xCF, 0x21, 0xAD, 0x74, 0xE5, 0x9A, 0x61, 0x11, 0xBE, 0x1D, 0x8C, 0x02, 0x1E, 0x65, 0xB8, 0x91,
        0xC2, 0xA2, 0x11, 0x16, 0x7A, 0xBB, 0x8C, 0x5E, 0x07, 0x9E, 0x09, 0xE2, 0xC8, 0xA8, 0x33, 0x9C,
    ];

    public static TlsClientHello? ClientHello(ReadOnlySpan<byte> body, FrameTime at)
    {
        var r = new SpanReader(body);
        if (!r.TryU16(out ushort version) || !r.TryBytes(32, out _) || !r.TryVector(1, out _) ||
            !r.TryVector(2, out var suitesBytes) || !r.TryVector(1, out _)) return null;
        var suites = new List<ushort>(suitesBytes.Length / 2);
        for (int i = 0; i + 1 < suitesBytes.Length; i += 2) suites.Add((ushort)(suitesBytes[i] << 8 | suitesBytes[i + 1]));
        string? sni = null;
        var alpn = new List<string>();
        var extensions = new List<ushort>();
        var versions = new List<ushort>();
        if (r.Remaining > 0 && r.TryVector(2, out var exts))
        {
            var e = new SpanReader(exts);
            while (e.TryU16(out ushort type) && e.TryVector(2, out var data))
            {
                extensions.Add(type);
                switch (type)
                {
                    case ServerNameExtension: sni ??= ServerName(data); break;
                    case AlpnExtension: Protocols(data, alpn); break;
                    case SupportedVersionsExtension:
                        var v = new SpanReader(data);
                        if (v.TryVector(1, out var list))
                            for (int i = 0; i + 1 < list.Length; i += 2) versions.Add((ushort)(list[i] << 8 | list[i + 1]));
                        break;
                }
            }
        }
        return new TlsClientHello
        {
            At = at, Version = version, ServerName = sni, Alpn = alpn, CipherSuites = suites, Extensions = extensions,
            SupportedVersions = versions,
        };
    }

    public static TlsServerHello? ServerHello(ReadOnlySpan<byte> body, FrameTime at)
    {
        var r = new SpanReader(body);
        if (!r.TryU16(out ushort version) || !r.TryBytes(32, out var random)) return null;
        // Drafts of TLS 1.3 (0x7fNN) had no session id and no compression method in the ServerHello.
        bool draft = version >> 8 == 0x7F;
        if (!draft && !r.TryVector(1, out _)) return null;
        if (!r.TryU16(out ushort suite) || !draft && !r.TryU8(out _)) return null;
        ushort selected = version;
        string? alpn = null;
        if (r.Remaining > 0 && r.TryVector(2, out var exts))
        {
            var e = new SpanReader(exts);
            while (e.TryU16(out ushort type) && e.TryVector(2, out var data))
            {
                if (type == SupportedVersionsExtension && data.Length >= 2) selected = (ushort)(data[0] << 8 | data[1]);
                else if (type == AlpnExtension)
                {
                    var list = new List<string>();
                    Protocols(data, list);
                    alpn = list.FirstOrDefault();
                }
            }
        }
        return new TlsServerHello
        {
            At = at, Version = version, SelectedVersion = selected, CipherSuite = suite, Alpn = alpn,
            IsHelloRetryRequest = random.SequenceEqual(HelloRetryRandom),
        };
    }

    /// <summary>The chain of a TLS ≤ 1.2 Certificate message; a certificate that does not parse is skipped.</summary>
    public static List<TlsCertificate> Certificates(ReadOnlySpan<byte> body, out int unreadable)
    {
        unreadable = 0;
        var list = new List<TlsCertificate>();
        var r = new SpanReader(body);
        if (!r.TryVector(3, out var chain)) return list;
        var c = new SpanReader(chain);
        while (c.TryVector(3, out var der))
        {
            if (CertificateReader.Read(der) is { } certificate) list.Add(certificate);
            else unreadable++;
        }
        return list;
    }

    private static string? ServerName(ReadOnlySpan<byte> data)
    {
        var r = new SpanReader(data);
        if (!r.TryVector(2, out var list)) return null;
        var l = new SpanReader(list);
        while (l.TryU8(out byte type) && l.TryVector(2, out var name))
            if (type == 0) return AsciiText.Of(name, 255);
        return null;
    }

    private static void Protocols(ReadOnlySpan<byte> data, List<string> into)
    {
        var r = new SpanReader(data);
        if (!r.TryVector(2, out var list)) return;
        var l = new SpanReader(list);
        while (l.TryVector(1, out var name)) into.Add(AsciiText.Of(name, 255));
    }
}
