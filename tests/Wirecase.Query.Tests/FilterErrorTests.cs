namespace Wirecase.Query.Tests;

/// <summary>Mistakes get the position, what was expected and, when likely, what was meant.</summary>
public sealed class FilterErrorTests
{
    private static FilterException Error(string filter) => Assert.Throws<FilterException>(() => DisplayFilter.Compile(filter));

    [Fact]
    public void A_misspelt_field_names_the_likely_one()
    {
        var e = Error("tcp.prot == 25");
        Assert.Equal("\"tcp.prot\" is not a field Wirecase knows", e.Message);
        Assert.Equal("tcp.port", e.Suggestion);
        Assert.Equal(0, e.Position);
        Assert.Equal(8, e.Length);
        Assert.Equal("\"tcp.prot\" is not a field Wirecase knows — did you mean tcp.port?\n    tcp.prot == 25\n    ^^^^^^^^", e.Describe("tcp.prot == 25"));
        Assert.Equal("tcp.analysis.retransmission", Error("tcp.analysis.retransmision").Suggestion);
        Assert.Equal("ip.addr", Error("ip.adr == 192.0.2.1").Suggestion);
    }

    [Theory]
    [InlineData("tcp.port = 25", 9, "'=' is not an operator")]
    [InlineData("tcp.port == 25 and", 18, "expected a field, a protocol or '(', found the end of the filter")]
    [InlineData("(tcp.port == 25", 15, "the '(' at 1 is not closed")]
    [InlineData("tcp.port == 25)", 14, "this ')' has no '(' before it")]
    [InlineData("tcp.port == mail", 12, "'mail' is not a number (for tcp.port)")]
    [InlineData("tcp.port == http", 9, "tcp.port (a number) and http (a protocol) cannot be compared")]
    [InlineData("ip.addr == 192.0.2.300", 11, "'192.0.2.300' is not an IP address")]
    [InlineData("ip.addr == 2001:db8::1", 11, "ip.addr holds IPv4 addresses; '2001:db8::1' is IPv6")]
    [InlineData("eth.src == 00:11:22", 11, "'00:11:22' is not a MAC address")]
    [InlineData("tcp.port in {}", 9, "the set is empty")]
    [InlineData("tcp.port in 25", 12, "'in' needs a set")]
    [InlineData("tcp.port contains 25", 9, "'contains' works on text and bytes; tcp.port is a number")]
    [InlineData("tcp.port matches \"2\"", 9, "'matches' works on text and bytes; tcp.port is a number")]
    [InlineData("tcp.analysis.retransmission == 1", 31, "tcp.analysis.retransmission is a flag without a value")]
    [InlineData("tcp == 1", 4, "tcp is a protocol: test it alone")]
    [InlineData("tcp matches \"(\"", 12, "not a valid regular expression")]
    [InlineData("tcp contains \"abc", 13, "the string is not closed")]
    [InlineData("25", 0, "'25' is a value, not a field")]
    [InlineData("frame.len[0:2] == 00:01", 0, "frame.len is a number: it has no bytes to take a range of")]
    [InlineData("tcp.payload[a:b] == 00", 12, "'a:b' is not a byte range")]
    [InlineData("", 0, "the filter is empty")]
    [InlineData("tcp.port == 25 tcp.port == 80", 15, "expected 'and', 'or' or the end of the filter, found 'tcp.port'")]
    public void Mistakes_say_where_and_what(string filter, int position, string message)
    {
        var e = Error(filter);
        Assert.Contains(message, e.Message, StringComparison.Ordinal);
        Assert.Equal(position, e.Position);
    }

    [Fact]
    public void Wrong_family_addresses_suggest_the_right_field()
    {
        Assert.Equal("ipv6.addr", Error("ip.addr == 2001:db8::1").Suggestion);
        Assert.Equal("ip.src", Error("ipv6.src == 192.0.2.1").Suggestion);
    }
}
