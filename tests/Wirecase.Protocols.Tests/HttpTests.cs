namespace Wirecase.Protocols.Tests;

public sealed class HttpTests
{
    [Fact]
    public void Keep_alive_requests_pair_with_their_responses_and_time_them()
    {
        var app = new Conversation(80).Open()
            .C("GET /a HTTP/1.1\r\nHost: example.org\r\n\r\n").Wait(100).S("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello")
            .C("POST /b HTTP/1.1\r\nHost: example.org\r\nContent-Length: 3\r\n\r\n").C("abc").S("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n").End();
        var s = Assert.Single(app.Http);
        Assert.Equal(2, s.Exchanges.Count);
        var a = s.Exchanges[0];
        Assert.Equal("example.org", a.Request.Host);
        Assert.Equal(200, a.Response!.Status);
        Assert.Equal(5, a.Response.BodyBytes);
        Assert.Equal(110_000_000, a.ResponseTimeNs);
        var b = s.Exchanges[1];
        Assert.Equal(3, b.Request.BodyBytes);
        Assert.Equal(404, b.Response!.Status);
        Assert.Equal(10_000_000, b.ResponseTimeNs);   // from the body's segment, the end of the request
    }

    [Fact]
    public void Pipelined_requests_and_a_chunked_response_stay_in_order()
    {
        var app = new Conversation(8080).Open()
            .C("GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET /2 HTTP/1.1\r\nHost: h\r\n\r\n")
            .S("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nwiki\r\n5;x=y\r\npedia\r\n0\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n")
            .End();
        var s = Assert.Single(app.Http);
        Assert.Equal(["/1", "/2"], s.Exchanges.Select(e => e.Request.Target));
        Assert.Equal(9, s.Exchanges[0].Response!.BodyBytes);
        Assert.Equal(304, s.Exchanges[1].Response!.Status);
        Assert.All(s.Exchanges, e => Assert.NotNull(e.Response!.CompletedAt));
    }

    [Fact]
    public void A_head_response_has_no_body_even_with_a_length()
    {
        var app = new Conversation(80).Open().C("HEAD / HTTP/1.1\r\nHost: h\r\n\r\n").S("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n")
            .C("GET / HTTP/1.1\r\nHost: h\r\n\r\n").S("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok").End();
        var s = Assert.Single(app.Http);
        Assert.Equal([200, 200], s.Exchanges.Select(e => e.Response!.Status));
        Assert.Equal(2, s.Exchanges[1].Response!.BodyBytes);
    }

    [Fact]
    public void An_interim_100_continue_is_set_aside()
    {
        var app = new Conversation(80).Open().C("PUT /f HTTP/1.1\r\nHost: h\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
            .S("HTTP/1.1 100 Continue\r\n\r\n").C("data").S("HTTP/1.1 201 Created\r\nContent-Length: 0\r\n\r\n").End();
        var e = Assert.Single(Assert.Single(app.Http).Exchanges);
        Assert.Equal(100, Assert.Single(e.Interim).Status);
        Assert.Equal(201, e.Response!.Status);
    }

    [Fact]
    public void A_request_without_response_is_listed()
    {
        var app = new Conversation(80).Open().C("GET /slow HTTP/1.1\r\nHost: h\r\n\r\n").ServerAck().Wait(60_000).End();
        var e = Assert.Single(Assert.Single(app.Http).Unanswered);
        Assert.Equal("/slow", e.Request.Target);
        Assert.NotNull(e.Request.CompletedAt);
    }

    [Fact]
    public void A_body_without_length_runs_to_the_close()
    {
        var app = new Conversation(80).Open().C("GET / HTTP/1.0\r\n\r\n").S("HTTP/1.0 200 OK\r\n\r\nsome").S(" more").ServerFin().End();
        var e = Assert.Single(Assert.Single(app.Http).Exchanges);
        Assert.Equal(9, e.Response!.BodyBytes);
        Assert.NotNull(e.Response.CompletedAt);
    }

    [Fact]
    public void Garbage_is_noted_and_the_next_request_line_is_found()
    {
        var app = new Conversation(80).Open().C("\u0016\u0003garbage here\r\nmore junk\r\nGET /ok HTTP/1.1\r\nHost: h\r\n\r\n")
            .S("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n").End();
        var s = Assert.Single(app.Http);
        Assert.Contains(s.Notes, n => n.Id == "http.unparsable");
        Assert.Equal("/ok", Assert.Single(s.Exchanges).Request.Target);
    }
}
