namespace Wirecase.Diagnosis.Tests;

/// <summary>The cases of CASES.md rebuilt as captures, and a healthy one: the right finding comes first, with its
/// evidence frames.</summary>
public sealed class CaseTests
{
    private const byte Syn = Trace.Syn, Ack = Trace.Ack, Psh = Trace.Psh, Fin = Trace.Fin, Rst = Trace.Rst;

    /// <summary>Handshake, greeting, EHLO, MAIL, RCPT, DATA/354. Client ISN 1000, server ISN 5000. Returns the
    /// next client and server sequence numbers.</summary>
    private static (uint Client, uint Server) OpenSmtp(Trace t, double at = 0)
    {
        uint c = 1001, s = 5001;
        t.C(at, 1000, 0, Syn, options: Trace.Mss1460).S(at + 0.02, 5000, 1001, (byte)(Syn | Ack), options: Trace.Mss1460).C(at + 0.04, 1001, 5001, Ack);
        void Client(double when, string text) { t.C(when, c, s, (byte)(Psh | Ack), text); c += (uint)text.Length; }
        void Server(double when, string text) { t.S(when, s, c, (byte)(Psh | Ack), text); s += (uint)text.Length; }
        Server(at + 0.06, "220 mx.example.net ESMTP\r\n");
        Client(at + 0.08, "EHLO client.example.org\r\n");
        Server(at + 0.10, "250-mx.example.net\r\n250 PIPELINING\r\n");
        Client(at + 0.12, "MAIL FROM:<alice@example.org>\r\n");
        Server(at + 0.14, "250 2.1.0 Ok\r\n");
        Client(at + 0.16, "RCPT TO:<bob@example.net>\r\n");
        Server(at + 0.18, "250 2.1.5 Ok\r\n");
        Client(at + 0.20, "DATA\r\n");
        Server(at + 0.22, "354 End data with <CR><LF>.<CR><LF>\r\n");
        return (c, s);
    }

    [Fact]
    public void Case_A_data_retransmitted_with_backoff_and_never_acked_is_stalled_data()
    {
        var t = new Trace();
        var (c, s) = OpenSmtp(t);
        for (int i = 0; i < 3; i++)
        {
            t.C(0.30 + i * 0.01, c, s, Ack, length: 1432);
            c += 1432;
            t.S(0.31 + i * 0.01, s, c, Ack);
        }
        double when = 0.475;
        t.C(when, c, s, Ack, length: 1432);
        int original = t.Frames;
        var retransmissions = new List<int>();
        foreach (double gap in new[] { 0.24, 0.49, 0.98, 1.96, 3.92, 7.82 })
        {
            when += gap;
            t.C(when, c, s, Ack, length: 1432);
            retransmissions.Add(t.Frames);
        }
        t.S(30.5, s, c, (byte)(Psh | Ack), "421 4.4.2 mx.example.net Error: timeout exceeded\r\n");
        t.S(30.51, s + 50, c, (byte)(Fin | Ack));
        var findings = t.Diagnose();

        var top = findings[0];
        Assert.Equal("tcp.stalled-data", top.Id);
        Assert.Equal(Severity.Error, top.Severity);
        Assert.Contains(original, top.Evidence.Select(e => (int)e.Frame));
        Assert.All(retransmissions, f => Assert.Contains(f, top.Evidence.Select(e => (int)e.Frame)));
        Assert.Contains("240 ms, 490 ms, 980 ms, 1.96 s, 3.92 s, 7.82 s", top.Explanation, StringComparison.Ordinal);
        Assert.Contains("exponentially", top.Explanation, StringComparison.Ordinal);
        Assert.Contains("lost on the way", top.CannotTell, StringComparison.Ordinal);
        var timeout = Assert.Single(findings, f => f.Id == "smtp.temporary-failure");
        Assert.Contains("421 4.4.2", timeout.Title, StringComparison.Ordinal);
        var blackHole = Assert.Single(findings, f => f.Id == "tcp.mtu-black-hole");
        Assert.Contains("no ICMP", blackHole.Title, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_C_syn_answered_by_a_stale_ack_names_the_earlier_connection()
    {
        var t = new Trace(client: "203.0.113.50", server: "198.51.100.20") { ClientPort = 722, ServerPort = 515 };
        // The earlier connection: handshake, a job command, acknowledged; then the client goes silent (no FIN).
        t.C(0, 7000, 0, Syn).S(0.01, 9000, 7001, (byte)(Syn | Ack)).C(0.02, 7001, 9001, Ack)
         .C(0.03, 7001, 9001, (byte)(Psh | Ack), "\u0002lp\n").S(0.04, 9001, 7005, (byte)(Psh | Ack), "\0").C(0.05, 7005, 9002, Ack);
        int earlierLast = t.Frames;
        // 25 s later, a new SYN from the same port: answered by bare ACKs for the old sequence space.
        var stale = new List<int>();
        foreach (double at in new[] { 25.0, 28.0, 34.0 })
        {
            t.C(at, 123456, 0, Syn);
            t.S(at + 0.01, 9002, 7005, Ack);
            stale.Add(t.Frames);
        }
        var findings = t.Diagnose();
        var top = findings[0];
        Assert.Equal("tcp.syn-answered-by-ack", top.Id);
        Assert.All(stale, f => Assert.Contains(f, top.Evidence.Select(e => (int)e.Frame)));
        Assert.Contains(earlierLast, top.Evidence.Select(e => (int)e.Frame));
        Assert.Contains("no FIN or RST was seen", top.Explanation, StringComparison.Ordinal);
        Assert.Contains("3 SYNs", top.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_D_synack_with_two_bytes_and_a_handshake_ack_of_isn_plus_three()
    {
        var t = new Trace(client: "192.0.2.50", server: "203.0.113.1") { ClientPort = 50183, ServerPort = 443 };
        t.C(0, 367515135, 0, Syn, options: Trace.Mss1460);
        t.S(0.001, 2180033885, 367515136, (byte)(Syn | Ack), length: 2, options: Trace.Mss1460);
        int synAck = t.Frames;
        t.C(0.002, 367515136, 2180033888, Ack);
        int handshakeAck = t.Frames;
        byte[] hello = new byte[127];
        hello[0] = 0x16; hello[1] = 3; hello[2] = 1; hello[5] = 1;
        foreach (double at in new[] { 0.003, 0.3, 0.9, 2.1, 3.3, 4.5 })
            t.C(at, 367515136, 2180033888, (byte)(Psh | Ack), length: 127);
        var findings = t.Diagnose();
        var top = findings[0];
        Assert.Equal("tcp.synack-payload", top.Id);
        Assert.Contains(synAck, top.Evidence.Select(e => (int)e.Frame));
        Assert.Contains(handshakeAck, top.Evidence.Select(e => (int)e.Frame));
        Assert.Contains("ISN+1+2", top.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Case_E_no_reply_after_the_dot_on_a_healthy_connection()
    {
        var t = new Trace();
        var (c, s) = OpenSmtp(t);
        string body = "Subject: test\r\n\r\n" + new string('x', 1000) + "\r\n";
        t.C(0.3, c, s, (byte)(Psh | Ack), body);
        c += (uint)body.Length;
        t.C(0.31, c, s, (byte)(Psh | Ack), ".\r\n");
        int dot = t.Frames;
        c += 3;
        t.S(0.32, s, c, Ack);
        t.C(64.5, c, s, (byte)(Fin | Ack));
        int close = t.Frames;
        t.S(64.51, s, c + 1, (byte)(Fin | Ack));
        var findings = t.Diagnose();
        var top = findings[0];
        Assert.Equal("smtp.no-reply-after-data", top.Id);
        Assert.Contains("TCP acknowledged all of it", top.Explanation, StringComparison.Ordinal);
        Assert.Contains(dot, top.Evidence.Select(e => (int)e.Frame));
        Assert.Contains(close, top.Evidence.Select(e => (int)e.Frame));
        Assert.DoesNotContain(findings, f => f.Id.StartsWith("tcp.", StringComparison.Ordinal) && f.Severity >= Severity.Warning);
    }

    [Fact]
    public void Case_B_an_ack_in_the_servers_name_with_another_ttl_is_a_middlebox_packet()
    {
        var t = new Trace();
        var (c, s) = OpenSmtp(t);
        string envelope = "Subject: held\r\n\r\nwhat the firewall acknowledged\r\n";
        t.C(0.3, c, s, (byte)(Psh | Ack), envelope);
        c += (uint)envelope.Length;
        t.Forged(0.3001, s, c, Ack);
        int forged = t.Frames;
        t.C(20.3, c, s, (byte)(Fin | Ack));
        t.S(20.31, s, c + 1, (byte)(Fin | Ack));
        var findings = t.Diagnose();
        var middlebox = Assert.Single(findings, f => f.Id == "tcp.middlebox-packets");
        Assert.Contains("TTL 255 instead of 64", middlebox.Title, StringComparison.Ordinal);
        Assert.Equal([forged], middlebox.Evidence.Select(e => (int)e.Frame));
    }

    [Fact]
    public void A_packet_captured_twice_is_a_capture_duplicate_not_a_fault()
    {
        var t = new Trace();
        var (c, s) = OpenSmtp(t);
        t.C(0.3, c, s, (byte)(Psh | Ack), "QUIT\r\n").Again(0.3001);
        int copy = t.Frames;
        t.S(0.31, s, c + 6, (byte)(Psh | Ack), "221 bye\r\n");
        var findings = t.Diagnose();
        var duplicates = Assert.Single(findings, f => f.Id == "capture.duplicates");
        Assert.Equal(Severity.Info, duplicates.Severity);
        Assert.Equal(copy, (int)duplicates.Evidence[0].Frame);
        Assert.DoesNotContain(findings, f => f.Severity >= Severity.Warning);
    }

    [Fact]
    public void A_healthy_mail_delivery_gives_no_warning()
    {
        var t = new Trace();
        var (c, s) = OpenSmtp(t);
        string body = "Subject: hello\r\n\r\nall fine\r\n.\r\n";
        t.C(0.3, c, s, (byte)(Psh | Ack), body);
        c += (uint)body.Length;
        t.S(0.35, s, c, (byte)(Psh | Ack), "250 2.0.0 Ok: queued as 12345\r\n");
        s += 31;
        t.C(0.36, c, s, (byte)(Psh | Ack), "QUIT\r\n");
        c += 6;
        t.S(0.37, s, c, (byte)(Psh | Ack), "221 2.0.0 Bye\r\n");
        s += 15;
        t.S(0.38, s, c, (byte)(Fin | Ack));
        t.C(0.39, c, s + 1, (byte)(Fin | Ack));
        t.S(0.40, s + 1, c + 1, Ack);
        var findings = t.Diagnose();
        Assert.DoesNotContain(findings, f => f.Severity >= Severity.Warning);
    }

    [Fact]
    public void Between_ping_markers_only_what_happened_between_them_is_analysed()
    {
        var t = new Trace(server: "198.51.100.30") { ServerPort = 8080 };
        t.C(0, 100, 0, Syn).S(0.001, 0, 101, (byte)(Rst | Ack));            // refused, before the markers
        t.Ping(1, 22);
        t.ClientPort = 60500;
        t.ServerPort = 9090;
        foreach (double at in new[] { 2.0, 3.0, 5.0 }) t.C(at, 500, 0, Syn);  // dropped, between the markers
        t.Ping(6, 33);
        var all = t.Diagnose();
        Assert.Contains(all, f => f.Id == "tcp.rejected");
        var between = t.Diagnose((22, 33));
        Assert.DoesNotContain(between, f => f.Id == "tcp.rejected");
        Assert.Contains(between, f => f.Id == "tcp.unanswered-syn");
        Assert.Throws<InvalidOperationException>(() => t.Diagnose((22, 44)));
    }

    [Fact]
    public void A_refused_port_and_silently_dropped_syns_are_told_apart()
    {
        var t = new Trace(server: "198.51.100.30") { ServerPort = 8080 };
        t.C(0, 100, 0, Syn).S(0.001, 0, 101, (byte)(Rst | Ack));
        t.ClientPort = 60500;
        t.ServerPort = 9090;
        foreach (double at in new[] { 1.0, 2.0, 4.0 }) t.C(at, 500, 0, Syn);
        var findings = t.Diagnose();
        Assert.Contains(findings, f => f.Id == "tcp.rejected" && f.Title.Contains("198.51.100.30:8080", StringComparison.Ordinal));
        Assert.Contains(findings, f => f.Id == "tcp.unanswered-syn" && f.Title.Contains("198.51.100.30:9090", StringComparison.Ordinal));
    }
}
