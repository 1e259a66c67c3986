using Wirecase.TestKit;

namespace Wirecase.Protocols.Tests;

public sealed class DnsLpdIcmpTests
{
    private static byte[] Name(string name) =>
        [.. name.Split('.').SelectMany(l => new[] { (byte)l.Length }.Concat(System.Text.Encoding.ASCII.GetBytes(l))), 0];

    private static byte[] Query(ushort id, string name, ushort type = 1) =>
        [(byte)(id >> 8), (byte)id, 0x01, 0x00, 0, 1, 0, 0, 0, 0, 0, 0, .. Name(name), 0, (byte)type, 0, 1];

    private static byte[] Response(ushort id, string name, byte rcode, params byte[][] addresses)
    {
        var answers = addresses.SelectMany(a => new byte[] { 0xC0, 12, 0, 1, 0, 1, 0, 0, 0, 60, 0, 4 }.Concat(a)).ToArray();
        return [(byte)(id >> 8), (byte)id, 0x81, (byte)(0x80 | rcode), 0, 1, 0, (byte)addresses.Length, 0, 0, 0, 0, .. Name(name), 0, 1, 0, 1, .. answers];
    }

    [Fact]
    public void Dns_queries_pair_with_responses_retransmissions_are_counted_and_silence_is_kept()
    {
        var client = FrameBuilder.Create().Addresses("192.0.2.10", "192.0.2.53");
        var server = FrameBuilder.Create().Addresses("192.0.2.53", "192.0.2.10");
        var conv = new Conversation(25)
            .Raw(client.Udp(5353, 53, Query(0x1a2b, "www.example.org")))
            .Raw(client.Udp(5353, 53, Query(0x1a2b, "www.example.org")))
            .Raw(server.Udp(53, 5353, Response(0x1a2b, "www.example.org", 0, [192, 0, 2, 80])))
            .Raw(client.Udp(5354, 53, Query(0x0001, "missing.example.org")))
            .Raw(server.Udp(53, 5354, Response(0x0001, "missing.example.org", 3)))
            .Raw(client.Udp(5355, 53, Query(0x0002, "silent.example.org", 28)));
        var app = conv.End();
        var e = app.Dns.Exchanges;
        Assert.Equal(3, e.Count);
        Assert.Single(e[0].Retransmissions);
        Assert.Equal(["A 192.0.2.80"], e[0].Response!.Answers);
        Assert.Equal(20_000_000, e[0].LatencyNs);   // from the first copy of the query
        Assert.Equal("No such name", e[1].Response!.RcodeName);
        Assert.Null(e[2].Response);
        Assert.Equal(28, e[2].Query.Type);
        Assert.Contains(conv.Summaries.Of(1), s => s.StartsWith("Standard query 0x1a2b A www.example.org", StringComparison.Ordinal));
    }

    [Fact]
    public void A_dns_name_with_a_compression_loop_keeps_the_header_and_is_marked_malformed()
    {
        byte[] message = [0, 1, 0x81, 0x83, 0, 1, 0, 0, 0, 0, 0, 0, 0xC0, 12, 0, 1, 0, 1];
        var m = Dns.DnsMessage.TryParse(message)!;
        Assert.True(m.Malformed);
        Assert.Equal(3, m.Rcode);
        Assert.True(m.IsResponse);
        Assert.Null(Dns.DnsMessage.TryParse(message.AsSpan(0, 11)));
    }

    [Fact]
    public void An_lpd_job_pairs_each_step_with_its_acknowledgement_and_a_missing_one_is_left_waiting()
    {
        const string control = "Hhost\nPuser\nldfA001host\nNfile\n";
        var conv = new Conversation(515, clientPort: 722).Open()
            .C("\u0002lp\n").S([0])
            .C($"\u0002{control.Length} cfA001host\n").S([0]).C(control + "\0").S([0])
            .C("\u00035 dfA001host\n").S([0]).C("hello\0");
        var app = conv.End();
        var s = Assert.Single(app.Lpd);
        Assert.Equal(["receive-job", "control-file", "file-end", "data-file", "file-end"], s.Commands.Select(c => c.Name));
        Assert.Equal(control.Length, s.Commands[1].FileBytes);
        Assert.Equal("cfA001host", s.Commands[1].Operand);
        var waiting = Assert.Single(s.Unacknowledged);
        Assert.Equal("file-end", waiting.Name);
    }

    [Fact]
    public void Echo_pairs_have_rtt_and_markers_are_found_by_payload_size()
    {
        var a = FrameBuilder.Create().Addresses("192.0.2.10", "198.51.100.1");
        var b = FrameBuilder.Create().Addresses("198.51.100.1", "192.0.2.10");
        var conv = new Conversation(25)
            .Raw(a.IcmpEcho(1, 1, new byte[22])).Raw(b.IcmpEcho(1, 1, new byte[22], request: false))
            .Raw(a.IcmpEcho(1, 2, new byte[56]))
            .Raw(a.IcmpEcho(1, 3, new byte[33])).Raw(b.IcmpEcho(1, 3, new byte[33], request: false));
        var app = conv.End();
        Assert.Equal(3, app.Icmp.Echoes.Count);
        Assert.Equal(10_000_000, app.Icmp.Echoes[0].RttNs);
        Assert.Null(app.Icmp.Echoes[1].Reply);
        Assert.Equal(1, Assert.Single(app.Icmp.Markers(22)).Request.Frame);
        Assert.Equal(4, Assert.Single(app.Icmp.Markers(33)).Request.Frame);
    }
}
