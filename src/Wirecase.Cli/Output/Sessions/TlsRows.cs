using Wirecase.Protocols.Tls;

namespace Wirecase.Cli.Output.Sessions;

/// <summary>`sessions tls`: one row per TLS session (a connection, or the part after STARTTLS).</summary>
internal static class TlsRows
{
    public static SessionRow Of(TlsSession s, long firstNs)
    {
        var c = s.Connection;
        var hello = s.ClientHello;
        var server = s.ServerHello;
        var fatal = s.Alerts.FirstOrDefault(a => !a.Encrypted && a.Level == 2);
        string outcome = fatal is not null ? $"alert from {(fatal.FromClient ? "client" : "server")}: {fatal.DescriptionName}"
            : s.HandshakeCompleted is not null ? "handshake completed"
            : hello is null ? "no ClientHello seen"
            : server is null ? "ClientHello not answered"
            : "handshake not completed";
        return SessionRow.At("tls", s, hello?.At.Frame ?? c.FirstFrame, hello?.At.TimestampNs ?? c.StartNs, firstNs)
            .Add("startTls", s.ViaStartTls)
            .Add("sni", hello?.ServerName)
            .Add("alpn", hello?.Alpn ?? [])
            .Add("clientVersion", hello is null ? null : TlsNames.Version(hello.SupportedVersions.Count > 0 ? hello.SupportedVersions.Max() : hello.Version))
            .Add("version", server is null ? null : TlsNames.Version(server.SelectedVersion))
            .Add("cipher", server is null ? null : TlsNames.CipherSuite(server.CipherSuite))
            .Add("serverHelloFrame", server?.At.Frame)
            .Add("helloRetry", s.HelloRetryRequest is not null)
            .Add("certificate", s.Certificates.FirstOrDefault()?.Subject)
            .Add("issuer", s.Certificates.FirstOrDefault()?.Issuer)
            .Add("notAfter", s.Certificates.FirstOrDefault()?.NotAfter.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
            .Add("handshakeTime", Times.Seconds(s.HandshakeTimeNs))
            .Add("alerts", s.Alerts.Select(a => a.ToString()).ToList())
            .Add("outcome", outcome);
    }
}
