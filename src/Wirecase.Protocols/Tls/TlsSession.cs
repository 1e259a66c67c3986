using Wirecase.Flows;
using Wirecase.Flows.Tcp;

namespace Wirecase.Protocols.Tls;

public sealed class TlsClientHello
{
    /// <summary>The frame that completed the record holding the hello: the frame Wireshark shows it in.</summary>
    public FrameTime At { get; internal set; }
    /// <summary>The hello's legacy version field (0x0303 for TLS 1.2 and 1.3); SSL 2.0 hellos give 0x0002.</summary>
    public required ushort Version { get; init; }
    public string? ServerName { get; init; }
    public IReadOnlyList<string> Alpn { get; init; } = [];
    public IReadOnlyList<ushort> CipherSuites { get; init; } = [];
    public IReadOnlyList<ushort> Extensions { get; init; } = [];
    /// <summary>The supported_versions extension (TLS 1.3 clients list 0x0304 there).</summary>
    public IReadOnlyList<ushort> SupportedVersions { get; init; } = [];
}

public sealed class TlsServerHello
{
    /// <summary>The frame that completed the record holding the hello: the frame Wireshark shows it in.</summary>
    public FrameTime At { get; internal set; }
    public required ushort Version { get; init; }
    /// <summary>The version in effect: supported_versions when present (TLS 1.3), else the legacy field.</summary>
    public required ushort SelectedVersion { get; init; }
    public required ushort CipherSuite { get; init; }
    public string? Alpn { get; init; }
    /// <summary>A HelloRetryRequest (TLS 1.3): a ServerHello whose random is the special value of RFC 8446 §4.1.3.</summary>
    public bool IsHelloRetryRequest { get; init; }
}

public sealed record TlsCertificate(string Subject, string Issuer, DateTime NotBefore, DateTime NotAfter);

public sealed record TlsAlert(FrameTime At, bool FromClient, byte Level, byte Description, bool Encrypted)
{
    public string LevelName => Level switch { 1 => "Warning", 2 => "Fatal", _ => $"Level {Level}" };
    public string DescriptionName => TlsNames.Alert(Description);
    public override string ToString() => Encrypted ? "Encrypted Alert" : $"Alert (Level: {LevelName}, Description: {DescriptionName})";
}

/// <summary>What happened on one TLS connection (or the TLS part of one after STARTTLS).</summary>
public sealed class TlsSession(TcpConnection connection) : ApplicationSession(connection)
{
    public bool ViaStartTls { get; init; }
    /// <summary>The first ClientHello (a second one follows a HelloRetryRequest, or a client that starts over).</summary>
    public TlsClientHello? ClientHello => ClientHellos.Count > 0 ? ClientHellos[0] : null;
    public List<TlsClientHello> ClientHellos { get; } = [];
    public TlsServerHello? ServerHello { get; internal set; }
    public TlsServerHello? HelloRetryRequest { get; internal set; }
    /// <summary>The server's certificate chain as sent (TLS 1.2 and earlier; TLS 1.3 encrypts it).</summary>
    public List<TlsCertificate> Certificates { get; } = [];
    public List<TlsAlert> Alerts { get; } = [];
    public FrameTime? ClientChangeCipherSpec { get; internal set; }
    public FrameTime? ServerChangeCipherSpec { get; internal set; }
    /// <summary>When the handshake finished: the second Finished (TLS ≤ 1.2) or the client's Finished (TLS 1.3).</summary>
    public FrameTime? HandshakeCompleted { get; internal set; }
    public long? HandshakeTimeNs => HandshakeCompleted is { } done && ClientHello is { } hello ? done.TimestampNs - hello.At.TimestampNs : null;
    public long ClientApplicationBytes { get; internal set; }
    public long ServerApplicationBytes { get; internal set; }
    /// <summary>The client said hello and the server never answered with a ServerHello (Case E for TLS).</summary>
    public bool ClientHelloUnanswered => ClientHello is not null && ServerHello is null;
}
