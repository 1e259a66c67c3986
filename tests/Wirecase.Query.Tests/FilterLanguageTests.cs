namespace Wirecase.Query.Tests;

/// <summary>The filter language on built frames: operators and their Wireshark meanings, literals, precedence.</summary>
public sealed class FilterLanguageTests
{
    private static readonly byte[] Smtp = Frames.Tcp("192.0.2.10", "198.51.100.25", 40000, 25, payload: "EHLO client.example\r\n");
    private static readonly byte[] Syn = Frames.Tcp("192.0.2.10", "198.51.100.25", 40001, 443, flags: 0x02, ttl: 128);
    private static readonly byte[] Dns = Frames.Udp("2001:db8::1", "2001:db8::53", 5000, 53);
    private static readonly byte[] Ping = Frames.Ping("192.0.2.10", "203.0.113.1", 22);

    [Theory]
    [InlineData("tcp", true)]
    [InlineData("udp", false)]
    [InlineData("tcp.port == 25", true)]
    [InlineData("tcp.port eq 25", true)]
    [InlineData("tcp.dstport == 25 && tcp.srcport == 40000", true)]
    [InlineData("tcp.port in {80 443 20..30}", true)]
    [InlineData("tcp.port in {80, 443}", false)]
    [InlineData("ip.addr == 198.51.100.25", true)]
    [InlineData("ip.addr == 198.51.100.0/24", true)]
    [InlineData("ip.addr == 198.18.0.0/15", false)]
    [InlineData("ip.addr != 198.51.100.25", false)]   // all occurrences differ? the destination does not
    [InlineData("ip.addr ~= 198.51.100.25", true)]    // any occurrence differs: the source does
    [InlineData("ip.src == 192.0.2.10 and not ip.dst == 192.0.2.10", true)]
    [InlineData("!(tcp.port == 25)", false)]
    [InlineData("tcp contains \"EHLO\"", true)]
    [InlineData("tcp.payload contains 45:48:4c:4f", true)]
    [InlineData("tcp matches \"ehlo\"", true)]           // case-insensitive by default
    [InlineData("tcp matches \"(?-i)ehlo\"", false)]
    [InlineData("tcp.payload[0:4] == \"EHLO\"", true)]
    [InlineData("tcp.payload[0:2] == 45:48", true)]
    [InlineData("eth.src[0:1] == ff", false)]
    [InlineData("tcp.flags.push == 1 && tcp.flags.syn == 0", true)]
    [InlineData("tcp.flags.push == True", true)]
    [InlineData("tcp.flags == 0x018", true)]
    [InlineData("tcp.len > 10", true)]
    [InlineData("tcp.len >= 21 && tcp.len <= 21", true)]
    [InlineData("ip.ttl lt 100", true)]
    [InlineData("frame.len > 60", true)]
    [InlineData("tcp.port == 25 or tcp.port == 80 and tcp.port == 443", true)]   // and binds tighter than or
    [InlineData("(tcp.port == 25 or tcp.port == 80) and tcp.port == 443", false)]
    [InlineData("tcp.srcport > tcp.dstport", true)]
    [InlineData("ip.src == ip.dst", false)]
    [InlineData("tcp.analysis.retransmission", false)]
    public void Smtp_segment(string filter, bool expected) => Assert.Equal(expected, Frames.Matches(filter, Smtp));

    [Theory]
    [InlineData("tcp.flags.syn == 1 and tcp.flags.ack == 0", true)]
    [InlineData("ip.ttl == 128", true)]
    [InlineData("tcp.port == 443", true)]
    [InlineData("tcp.len == 0", true)]
    public void Syn_segment(string filter, bool expected) => Assert.Equal(expected, Frames.Matches(filter, Syn));

    [Theory]
    [InlineData("ipv6", true)]
    [InlineData("ip", false)]
    [InlineData("ipv6.addr == 2001:db8::/32", true)]
    [InlineData("ipv6.dst == 2001:db8::53", true)]
    [InlineData("udp.dstport == 53", true)]
    [InlineData("udp.port != 53", false)]
    [InlineData("tcp.port == 53", false)]
    [InlineData("not tcp", true)]
    public void Udp_over_ipv6(string filter, bool expected) => Assert.Equal(expected, Frames.Matches(filter, Dns));

    [Theory]
    [InlineData("icmp", true)]
    [InlineData("icmp.type == 8", true)]
    [InlineData("icmp and (ip.len == 50 or ip.len == 61)", true)]   // a 22-byte ping marker: 20 IP + 8 ICMP + 22
    [InlineData("icmp.type != 8", false)]
    [InlineData("tcp.port != 25", false)]   // a field the frame lacks: != is false, as in Wireshark
    public void Ping_marker(string filter, bool expected) => Assert.Equal(expected, Frames.Matches(filter, Ping));

    [Theory]
    [InlineData("frame.number >= 126 and frame.number <= 210", 126, true)]
    [InlineData("frame.number >= 126 and frame.number <= 210", 211, false)]
    [InlineData("frame.number in {1..5 9}", 9, true)]
    [InlineData("frame.number == 0x10", 16, true)]
    [InlineData("frame.number == 010", 8, true)]   // a leading 0 is octal
    public void Frame_numbers(string filter, long number, bool expected) => Assert.Equal(expected, Frames.Matches(filter, Smtp, number));

    [Fact]
    public void A_filter_and_its_negation_split_every_frame()
    {
        string[] filters = ["tcp.port == 25", "ip.addr == 198.51.100.0/24", "udp", "tcp contains \"EHLO\"", "icmp.type == 8", "tcp.flags.syn == 1"];
        foreach (var frame in new[] { Smtp, Syn, Dns, Ping })
            foreach (var f in filters)
                Assert.NotEqual(Frames.Matches(f, frame), Frames.Matches($"not ({f})", frame));
    }

    [Fact]
    public void Only_the_fields_a_filter_names_are_needed()
    {
        Assert.Equal(Fields.FieldNeeds.None, DisplayFilter.Compile("tcp.port == 25 and ip.ttl < 64").Needs);
        Assert.Equal(Fields.FieldNeeds.TcpAnalysis, DisplayFilter.Compile("tcp.analysis.retransmission").Needs);
        Assert.True(DisplayFilter.Compile("smtp").Needs.HasFlag(Fields.FieldNeeds.Application));
        Assert.Equal(Fields.FieldNeeds.Findings, DisplayFilter.Compile("wirecase.finding contains \"tcp.\"").Needs);
    }
}
