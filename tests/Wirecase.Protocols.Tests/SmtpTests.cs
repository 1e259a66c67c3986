using System.Text;
using Wirecase.Protocols.Smtp;

namespace Wirecase.Protocols.Tests;

public sealed class SmtpTests
{
    private static Conversation Greeted(ushort port = 25) =>
        new Conversation(port).Open().S("220 mx.example.net ESMTP\r\n").C("EHLO client.example.org\r\n")
            .S("250-mx.example.net\r\n250-PIPELINING\r\n250-SIZE 1000000\r\n250 STARTTLS\r\n");

    [Fact]
    public void A_pipelined_envelope_in_one_segment_is_paired_reply_by_reply_and_keeps_its_segment_size()
    {
        string envelope = "MAIL FROM:<a@example.org>\r\nRCPT TO:<b@example.net>\r\nRCPT TO:<c@example.net>\r\nDATA\r\n";
        var app = Greeted().C(envelope)
            .S("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 No such user\r\n354 End data with <CR><LF>.<CR><LF>\r\n")
            .C("Subject: hi\r\n\r\nbody\r\n.\r\n").S("250 2.0.0 Ok: queued\r\n").End();
        var s = Assert.Single(app.Smtp);
        Assert.Equal("client.example.org", s.ClientName);
        Assert.Equal(["PIPELINING", "SIZE 1000000", "STARTTLS"], s.Capabilities);
        var t = Assert.Single(s.Transactions);
        Assert.Equal("a@example.org", t.Sender);
        Assert.Equal([true, false], t.Recipients.Select(r => r.Accepted!.Value));
        Assert.Equal("5.1.1", t.Recipients[1].Command.Reply!.EnhancedCode);
        Assert.Equal(354, t.Data!.Reply!.Code);
        Assert.Equal("Subject: hi\r\n\r\nbody\r\n".Length, t.MessageBytes);
        Assert.Equal(250, t.FinalReply!.Code);
        Assert.Equal("2.0.0", t.FinalReply.EnhancedCode);
        var envelopeCommands = s.Commands.Where(c => c.Verb is "MAIL" or "RCPT" or "DATA").ToList();
        Assert.All(envelopeCommands, c => Assert.Equal(envelope.Length, c.SegmentBytes));
        Assert.All(envelopeCommands, c => Assert.Equal(envelopeCommands[0].At.Frame, c.At.Frame));
        Assert.Empty(s.Unanswered);
    }

    [Fact]
    public void A_skipped_reply_does_not_shift_the_pairing()
    {
        var app = Greeted().C("MAIL FROM:<a@x>\r\n").S("250 Ok\r\n").C("RCPT TO:<b@y>\r\n").S("250 Ok\r\n").C("DATA\r\n").S("354 go\r\n")
            .C("body\r\n.\r\n").ServerAck().Wait(8000).C("QUIT\r\n").S("221 bye\r\n").End();
        var s = Assert.Single(app.Smtp);
        var dot = s.Commands.Single(c => c.Verb == ".");
        Assert.Null(dot.Reply);
        Assert.Equal(221, s.Commands.Single(c => c.Verb == "QUIT").Reply!.Code);
    }

    [Fact]
    public void Multi_line_replies_split_across_segments_are_joined()
    {
        var app = new Conversation(25).Open().S("220 mx ESMTP\r\n").C("EHLO c\r\n").S("250-mx\r\n250-PIPE").S("LINING\r\n250 8BITMIME\r\n").End();
        var s = Assert.Single(app.Smtp);
        Assert.Equal(["PIPELINING", "8BITMIME"], s.Capabilities);
        Assert.Equal(3, s.Commands[0].Reply!.Lines.Count);
    }

    [Fact]
    public void No_reply_after_the_end_of_data_is_left_waiting_with_the_dot_s_time()
    {
        var conv = Greeted().C("MAIL FROM:<a@x>\r\n").S("250 Ok\r\n").C("RCPT TO:<b@y>\r\n").S("250 Ok\r\n").C("DATA\r\n").S("354 go\r\n")
            .C(new string('x', 1000) + "\r\n").C(".\r\n").ServerAck().Wait(64_000);
        var app = conv.End();
        var s = Assert.Single(app.Smtp);
        var dot = Assert.Single(s.Unanswered);
        Assert.Equal(".", dot.Verb);
        var t = Assert.Single(s.Transactions);
        Assert.Same(dot, t.EndOfData);
        Assert.Null(t.FinalReply);
        Assert.Equal(1002, t.MessageBytes);
        Assert.True(s.FinishedAt!.Value.TimestampNs - dot.At.TimestampNs >= 64_000_000_000);
    }

    [Fact]
    public void Starttls_hands_both_directions_to_a_tls_session()
    {
        var app = Greeted().C("STARTTLS\r\n").S("220 2.0.0 Ready to start TLS\r\n")
            .C(TlsRecords.ClientHello("mail.example.net")).S(TlsRecords.ServerHello(0x0303, 0xC02F)).End();
        var s = Assert.Single(app.Smtp);
        Assert.NotNull(s.Tls);
        Assert.True(s.Tls!.ViaStartTls);
        Assert.Equal("mail.example.net", s.Tls.ClientHello!.ServerName);
        Assert.Equal(0xC02F, s.Tls.ServerHello!.CipherSuite);
        Assert.Same(s.Tls, Assert.Single(app.Tls));
    }

    [Fact]
    public void Credentials_are_never_kept()
    {
        const string secret = "AGFsaWNlAHNlY3JldA==";
        const string user = "YWxpY2U=";
        var app = Greeted().C($"AUTH PLAIN {secret}\r\n").S("235 2.7.0 Authentication successful\r\n")
            .C("AUTH LOGIN\r\n").S("334 VXNlcm5hbWU6\r\n").C(user + "\r\n").S("334 UGFzc3dvcmQ6\r\n").C(secret + "\r\n").S("235 ok\r\n").End();
        var s = Assert.Single(app.Smtp);
        Assert.Equal(["PLAIN", "LOGIN"], s.AuthMechanisms);
        var texts = s.Commands.SelectMany(c => new[] { c.Verb, c.Argument }).Concat(app.Smtp.SelectMany(x => x.Notes).Select(n => n.Detail));
        Assert.DoesNotContain(texts, t => t.Contains(secret, StringComparison.Ordinal) || t.Contains(user, StringComparison.Ordinal));
        Assert.Equal(2, s.Commands.Count(c => c.Verb == "AUTH-DATA"));
        Assert.All(s.Commands, c => Assert.NotNull(c.Reply));
    }

    [Fact]
    public void Bdat_chunks_are_counted_as_binary_and_the_last_one_ends_the_message()
    {
        var app = Greeted().C("MAIL FROM:<a@x>\r\n").S("250 Ok\r\n").C("RCPT TO:<b@y>\r\n").S("250 Ok\r\n")
            .C("BDAT 10\r\nab\r\n.\r\nxyz").S("250 10 octets\r\n").C("BDAT 5 LAST\r\n12345").S("250 2.0.0 queued\r\n").C("QUIT\r\n").S("221 bye\r\n").End();
        var s = Assert.Single(app.Smtp);
        var t = Assert.Single(s.Transactions);
        Assert.True(t.Chunked);
        Assert.Equal(2, t.Chunks);
        Assert.Equal(15, t.MessageBytes);
        Assert.Equal("BDAT", t.EndOfData!.Verb);
        Assert.Equal(250, t.FinalReply!.Code);
        Assert.Equal(221, s.Commands.Single(c => c.Verb == "QUIT").Reply!.Code);
    }

    [Fact]
    public void A_timeout_reply_carries_its_enhanced_status_code()
    {
        var app = Greeted().C("MAIL FROM:<a@x>\r\n").S("421 4.4.2 mx.example.net Error: timeout exceeded\r\n").End();
        var reply = Assert.Single(app.Smtp).Commands.Single(c => c.Verb == "MAIL").Reply!;
        Assert.Equal(421, reply.Code);
        Assert.Equal("4.4.2", reply.EnhancedCode);
    }

    [Fact]
    public void After_a_gap_parsing_resumes_at_the_next_line()
    {
        var app = Greeted().C("MAIL FROM:<a@x>\r\n").S("250 Ok\r\n").ClientLoses(20).C("RCPT TO:<b@y>\r\n").ServerAck()
            .C("RCPT TO:<c@y>\r\n").S("250 Ok\r\n").End();
        var s = Assert.Single(app.Smtp);
        Assert.Contains(s.Notes, n => n.Id == "smtp.gap");
        Assert.Contains(s.Commands, c => c.Verb == "RCPT" && c.Argument == "TO:<c@y>");
    }

    [Fact]
    public void Garbage_from_the_server_is_noted_and_the_next_reply_still_parses()
    {
        var app = Greeted().C("NOOP\r\n").S("\u0001\u0002garbage\r\n250 Ok\r\n").End();
        var s = Assert.Single(app.Smtp);
        Assert.Contains(s.Notes, n => n.Id == "smtp.unparsable");
        Assert.Equal(250, s.Commands.Single(c => c.Verb == "NOOP").Reply!.Code);
    }

    [Fact]
    public void An_endless_line_is_cut_and_noted_without_holding_it()
    {
        var conv = Greeted();
        for (int i = 0; i < 20; i++) conv.C(new string('A', 1000));
        var app = conv.C("\r\nNOOP\r\n").S("500 too long\r\n250 Ok\r\n").End();
        var s = Assert.Single(app.Smtp);
        Assert.Contains(s.Notes, n => n.Id == "smtp.unparsable");
        Assert.Equal(250, s.Commands.Single(c => c.Verb == "NOOP").Reply!.Code);
    }

    [Fact]
    public void Smtp_on_an_unusual_port_is_recognised_by_its_greeting()
    {
        var app = Greeted(port: 10025).End();
        Assert.Single(app.Smtp);
    }

    [Fact]
    public void The_info_column_shows_commands_and_replies()
    {
        var conv = Greeted();
        var app = conv.End();
        Assert.Contains("S: 220 mx.example.net ESMTP", conv.Summaries.Of(4));
        Assert.Contains("C: EHLO client.example.org", conv.Summaries.Of(5));
        Assert.Single(app.Smtp);
    }

    [Fact]
    public void A_large_message_is_counted_not_kept()
    {
        var conv = Greeted().C("MAIL FROM:<a@x>\r\n").S("250 Ok\r\n").C("RCPT TO:<b@y>\r\n").S("250 Ok\r\n").C("DATA\r\n").S("354 go\r\n");
        var line = Encoding.ASCII.GetBytes(new string('m', 998) + "\r\n");
        var chunk = Enumerable.Range(0, 1).SelectMany(_ => Enumerable.Repeat(line, 1)).SelectMany(x => x).ToArray();
        for (int i = 0; i < 2000; i++) conv.C(chunk);
        var app = conv.C(".\r\n").S("250 Ok\r\n").End();
        Assert.Equal(2000L * 1000, Assert.Single(Assert.Single(app.Smtp).Transactions).MessageBytes);
    }
}
