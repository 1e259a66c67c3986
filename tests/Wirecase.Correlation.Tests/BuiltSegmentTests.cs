using Wirecase.Correlation.Points;
using Wirecase.Correlation.Results;
using Wirecase.TestKit;

namespace Wirecase.Correlation.Tests;

/// <summary>Built captures of one connection at two points, for what the lab cannot produce on demand: TSO/GRO,
/// ISN-rewriting firewalls, reordering and duplication between the points.</summary>
public sealed class BuiltSegmentTests
{
    private const byte Syn = 0x02, Ack = 0x10, Psh = 0x08, SynAck = 0x12;
    private const uint ClientIsn = 1000, ServerIsn = 5000;

    /// <summary>One segment: direction, sequence and acknowledgment offsets (relative), flags, payload, IP ID.</summary>
    private sealed record Seg(bool FromClient, uint Seq, uint Ack, byte Flags, int Length, ushort IpId, long Micros);

    private static byte[] Frame(Seg s, uint clientIsn, byte ttl)
    {
        var b = FrameBuilder.Create().Ttl(ttl).IpId(s.IpId);
        var payload = Enumerable.Range(0, s.Length).Select(i => (byte)((s.Seq + i) * 7)).ToArray();
        return s.FromClient
            ? b.Addresses("192.0.2.10", "198.51.100.20").Tcp(40000, 443, clientIsn + s.Seq, (s.Flags & Ack) != 0 ? ServerIsn + s.Ack : 0, s.Flags, payload: payload)
            : b.Addresses("198.51.100.20", "192.0.2.10").Tcp(443, 40000, ServerIsn + s.Seq, clientIsn + s.Ack, s.Flags, payload: payload);
    }

    private static string Write(string name, IEnumerable<Seg> segs, uint clientIsn, byte clientTtl, byte serverTtl) =>
        Captures.Write(name, segs.Select(s => (s.Micros, Frame(s, clientIsn, s.FromClient ? clientTtl : serverTtl))));

    private static List<Seg> Handshake() =>
    [
        new(true, 0, 0, Syn, 0, 1, 0),
        new(false, 0, 1, SynAck, 0, 100, 1000),
        new(true, 1, 1, Ack, 0, 2, 2000),
    ];

    private static CorrelationResult Correlate(string a, string b) =>
        Correlator.Run(CapturePointPlanner.Plan([a, b]), new CorrelationOptions { Path = ["inside", "outside"] });

    /// <summary>A connection opened from beyond the servers' end of the path: its opener's TTL grows from inside to
    /// outside. Its verdicts are counted the clients' way round, and the diagnosis says so.</summary>
    [Fact]
    public void A_connection_opened_from_the_servers_end_is_reported()
    {
        var segs = Handshake();
        segs.Add(new(true, 1, 1, Ack | Psh, 100, 3, 3000));
        segs.Add(new(false, 1, 101, Ack, 0, 101, 4000));
        var r = Correlate(Write("inside.pcap", segs, ClientIsn, 63, 64), Write("outside.pcap", segs, ClientIsn, 64, 63));
        Assert.Equal(1, r.ServerOpened?.Count);
        var finding = Assert.Single(Wirecase.Diagnosis.Paths.PathDiagnoser.Diagnose(r), f => f.Id == "path.server-opened");
        Assert.StartsWith("1 connection was opened from the outside end of the path", finding.Title, StringComparison.Ordinal);

        var normal = Correlate(Write("inside.pcap", segs, ClientIsn, 64, 63), Write("outside.pcap", segs, ClientIsn, 63, 64));
        Assert.Null(normal.ServerOpened);
    }

    /// <summary>At the sender (TSO) one 2896-byte segment; on the wire two of 1448.</summary>
    [Fact]
    public void A_large_segment_at_one_point_matches_the_segments_it_became_on_the_wire()
    {
        var inside = Handshake();
        inside.Add(new(true, 1, 1, Ack | Psh, 2896, 3, 3000));
        inside.Add(new(false, 1, 2897, Ack, 0, 101, 4100));
        var outside = Handshake().Select(s => s with { Micros = s.Micros + (s.FromClient ? 50 : -50) }).ToList();
        outside.Add(new(true, 1, 1, Ack, 1448, 3, 3050));
        outside.Add(new(true, 1449, 1, Ack | Psh, 1448, 4, 3051));
        outside.Add(new(false, 1, 2897, Ack, 0, 101, 4050));
        var r = Correlate(Write("inside.pcap", inside, ClientIsn, 64, 63), Write("outside.pcap", outside, ClientIsn, 63, 64));
        var hop = Assert.Single(r.Hops);
        Assert.Equal(0, hop.TowardServer.Lost + hop.TowardServer.Appeared);
        Assert.Equal(1, hop.TowardServer.Resegmented);
        Assert.DoesNotContain(r.Verdicts, v => v.Kind is VerdictKind.Lost or VerdictKind.Appeared or VerdictKind.Modified);
    }

    [Fact]
    public void A_firewall_that_rewrites_the_client_ISN_is_matched_by_relative_sequence_and_reported()
    {
        var inside = Handshake();
        inside.Add(new(true, 1, 1, Ack | Psh, 100, 3, 3000));
        inside.Add(new(false, 1, 101, Ack | Psh, 50, 101, 4100));
        var outside = inside.Select(s => s with { Micros = s.Micros + (s.FromClient ? 40 : -40) }).ToList();
        var r = Correlate(Write("inside.pcap", inside, ClientIsn, 64, 63), Write("outside.pcap", outside, ClientIsn + 123_456_789, 63, 64));
        var c = Assert.Single(r.Connections);
        Assert.True(c.SequenceRewritten);
        Assert.False(c.Proxied);
        var hop = Assert.Single(r.Hops);
        Assert.Equal(0, hop.TowardServer.Lost + hop.TowardClient.Lost + hop.TowardServer.Appeared + hop.TowardClient.Appeared);
        Assert.Equal(inside.Count(s => s.FromClient) , hop.TowardServer.Passed);
    }

    [Fact]
    public void Segments_swapped_between_the_points_are_reordered_and_a_copy_with_the_same_IP_ID_is_a_duplicate()
    {
        var inside = Handshake();
        inside.Add(new(true, 1, 1, Ack, 100, 3, 3000));
        inside.Add(new(true, 101, 1, Ack, 100, 4, 3010));
        inside.Add(new(true, 201, 1, Ack | Psh, 100, 5, 3020));
        inside.Add(new(false, 1, 301, Ack, 0, 101, 4100));
        var outside = Handshake().Select(s => s with { Micros = s.Micros + (s.FromClient ? 40 : -40) }).ToList();
        outside.Add(new(true, 101, 1, Ack, 100, 4, 3050));
        outside.Add(new(true, 1, 1, Ack, 100, 3, 3060));
        outside.Add(new(true, 201, 1, Ack | Psh, 100, 5, 3070));
        outside.Add(new(true, 201, 1, Ack | Psh, 100, 5, 3071));
        outside.Add(new(false, 1, 301, Ack, 0, 101, 4060));
        var r = Correlate(Write("inside.pcap", inside, ClientIsn, 64, 63), Write("outside.pcap", outside, ClientIsn, 63, 64));
        var hop = Assert.Single(r.Hops);
        Assert.Equal(1, hop.TowardServer.Reordered);
        Assert.Equal(1, hop.TowardServer.Duplicated);
        Assert.Equal(0, hop.TowardServer.Lost + hop.TowardServer.Appeared);
    }

    [Fact]
    public void A_data_segment_missing_at_the_far_point_is_lost_and_an_ACK_seen_only_near_the_client_appeared()
    {
        var inside = Handshake();
        inside.Add(new(true, 1, 1, Ack | Psh, 100, 3, 3000));
        inside.Add(new(false, 1, 101, Ack, 0, 999, 3100)); // the client is told its data arrived: an ACK the server never sent
        var outside = Handshake().Select(s => s with { Micros = s.Micros + (s.FromClient ? 40 : -40) }).ToList();
        var r = Correlate(Write("inside.pcap", inside, ClientIsn, 64, 63), Write("outside.pcap", outside, ClientIsn, 63, 64));
        Assert.Contains(r.Verdicts, v => v.Kind == VerdictKind.Lost && v.FromClient && v.Length == 100);
        Assert.Contains(r.Verdicts, v => v.Kind == VerdictKind.Appeared && !v.FromClient);
    }
}
