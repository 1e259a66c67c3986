namespace Wirecase.Protocols.Tests;

public sealed class TlsTests
{
    [Fact]
    public void A_tls12_handshake_split_across_segments_is_read_and_completes_at_the_second_finished()
    {
        var hello = TlsRecords.ClientHello("www.example.org", ["h2", "http/1.1"]);
        var conv = new Conversation(8443).Open().C(hello[..7]).C(hello[7..40]).C(hello[40..])
            .S([.. TlsRecords.ServerHello(0x0303, 0xC02F)])
            .C([.. TlsRecords.ChangeCipherSpec(), .. TlsRecords.EncryptedHandshake(40)])
            .S([.. TlsRecords.ChangeCipherSpec(), .. TlsRecords.EncryptedHandshake(40)])
            .C(TlsRecords.ApplicationData(100)).S(TlsRecords.ApplicationData(300));
        var app = conv.End();
        var s = Assert.Single(app.Tls);
        Assert.Equal("www.example.org", s.ClientHello!.ServerName);
        Assert.Equal(["h2", "http/1.1"], s.ClientHello.Alpn);
        Assert.Equal(0x0303, s.ServerHello!.SelectedVersion);
        Assert.Equal(conv.LastFrame - 2, s.HandshakeCompleted!.Value.Frame);
        Assert.Equal(30_000_000, s.HandshakeTimeNs);   // from the ClientHello's last segment (60 ms) to the server's Finished (90 ms)
        Assert.Equal(100, s.ClientApplicationBytes);
        Assert.Equal(300, s.ServerApplicationBytes);
        Assert.Contains("Client Hello", conv.Summaries.Of(6));
    }

    [Fact]
    public void A_tls13_handshake_completes_with_the_client_s_first_protected_record()
    {
        var conv = new Conversation(443).Open().C(TlsRecords.ClientHello("a.example", versions: [0x0304, 0x0303]))
            .S([.. TlsRecords.ServerHello(0x0304, 0x1301), .. TlsRecords.ChangeCipherSpec(), .. TlsRecords.ApplicationData(2000)])
            .C([.. TlsRecords.ChangeCipherSpec(), .. TlsRecords.ApplicationData(53)]);
        var app = conv.End();
        var s = Assert.Single(app.Tls);
        Assert.Equal(0x0304, s.ServerHello!.SelectedVersion);
        Assert.Equal(conv.LastFrame, s.HandshakeCompleted!.Value.Frame);
        Assert.Equal([0x0304, 0x0303], s.ClientHello!.SupportedVersions);
    }

    [Fact]
    public void A_hello_retry_request_is_told_apart_from_the_server_hello()
    {
        var app = new Conversation(443).Open().C(TlsRecords.ClientHello(versions: [0x0304]))
            .S(TlsRecords.ServerHello(0x0304, 0x1301, helloRetry: true)).C(TlsRecords.ClientHello(versions: [0x0304]))
            .S(TlsRecords.ServerHello(0x0304, 0x1301)).End();
        var s = Assert.Single(app.Tls);
        Assert.True(s.HelloRetryRequest!.IsHelloRetryRequest);
        Assert.False(s.ServerHello!.IsHelloRetryRequest);
    }

    [Fact]
    public void A_fatal_alert_in_the_clear_is_named()
    {
        var app = new Conversation(443).Open().C(TlsRecords.ClientHello("x.example")).S(TlsRecords.Alert(2, 40)).End();
        var s = Assert.Single(app.Tls);
        var alert = Assert.Single(s.Alerts);
        Assert.Equal("Alert (Level: Fatal, Description: Handshake Failure)", alert.ToString());
        Assert.True(s.ClientHelloUnanswered);
    }

    [Fact]
    public void A_client_hello_without_server_hello_is_explicit()
    {
        var app = new Conversation(443).Open().C(TlsRecords.ClientHello("slow.example")).ServerAck().Wait(30_000).End();
        Assert.True(Assert.Single(app.Tls).ClientHelloUnanswered);
    }

    [Fact]
    public void Garbage_between_records_is_noted_and_the_next_header_is_found()
    {
        var app = new Conversation(443).Open().C([.. TlsRecords.ClientHello("x"), 0xFF, 0xEE, 0xDD, 0xCC, 0xBB, 0xAA, .. TlsRecords.ApplicationData(10)])
            .S(TlsRecords.ServerHello(0x0303, 0xC030)).End();
        var s = Assert.Single(app.Tls);
        Assert.Contains(s.Notes, n => n.Id == "tls.unparsable");
        Assert.NotNull(s.ServerHello);
    }

    [Fact]
    public void Tls_on_any_port_is_recognised_by_its_first_record()
    {
        var app = new Conversation(5555).Open().C(TlsRecords.ClientHello("odd.example")).End();
        Assert.Equal("odd.example", Assert.Single(app.Tls).ClientHello!.ServerName);
    }
}
