using Wirecase.Flows.Tcp;
using Wirecase.Packets;

namespace Wirecase.Flows.Tests;

/// <summary>What the table keeps of retired connections: a small summary in memory, the record in a temporary file.</summary>
public sealed class RememberedConnectionsTests
{
    private static readonly IpAddressValue Client = IpAddressValue.V4([192, 0, 2, 10]);
    private static readonly IpAddressValue Server = IpAddressValue.V4([198, 51, 100, 20]);

    private static (FlowKey Key, RetiredConnection Record) Retired(int stream, ushort clientPort, uint clientIsn, uint serverIsn,
        bool closed = false, long forgetAfterNs = long.MaxValue)
    {
        var key = FlowKey.For(Client, clientPort, Server, 443, 6, out _);
        var c = new TcpConnection(stream, key, Client, clientPort, Server, 443, firstFrame: 1, firstTimeNs: 0);
        c.Originator.BaseSeqSet = true;
        c.Originator.BaseSeq = clientIsn;
        c.Responder.BaseSeqSet = true;
        c.Responder.BaseSeq = serverIsn;
        c.Originator.SawFin = c.Responder.SawFin = closed;
        c.AddHistory('s', fromOriginator: true);
        c.AddHistory('h', fromOriginator: false);
        return (key, new RetiredConnection(c, key, forgetAfterNs));
    }

    [Fact]
    public void A_new_syn_is_judged_from_memory_and_a_resumption_reads_the_record()
    {
        using var remembered = new RememberedConnections(expire: false);
        var (key, record) = Retired(7, 50_000, clientIsn: 1000, serverIsn: 9000, closed: true);
        var (otherKey, other) = Retired(8, 50_001, clientIsn: 2000, serverIsn: 8000);
        remembered.Remember(record);
        remembered.Remember(other);
        Assert.Equal(2, remembered.Count);
        Assert.True(remembered.Contains(key));

        Assert.True(remembered.TryTake(key, nowNs: 0, out var tuple));
        Assert.True(tuple.Closed);
        Assert.True(tuple.TryGetBaseSeq(key, Client, 50_000, out uint isn));   // each side's ISN, by who sends
        Assert.Equal(1000u, isn);
        Assert.True(tuple.TryGetBaseSeq(key, Server, 443, out isn));
        Assert.Equal(9000u, isn);
        Assert.True(remembered.TryRead(key, tuple, out var back));
        Assert.Equal(7, back.Stream);
        Assert.Equal(key, back.Key);
        Assert.False(remembered.Contains(key));                              // taken
        Assert.False(remembered.TryTake(key, 0, out _));

        Assert.True(remembered.TryTake(otherKey, 0, out var second));
        Assert.False(second.Closed);
        Assert.False(remembered.TryRead(key, second, out _));                // another 4-tuple's record is refused
        Assert.Equal(0, remembered.Count);
    }

    [Fact]
    public void Thousands_of_records_come_back_from_the_file()
    {
        using var remembered = new RememberedConnections(expire: false);
        for (int i = 0; i < 5000; i++) remembered.Remember(Retired(i, (ushort)(10_000 + i), (uint)i, (uint)(i * 3)).Record);
        for (int i = 4999; i >= 0; i -= 7)
        {
            var key = FlowKey.For(Client, (ushort)(10_000 + i), Server, 443, 6, out _);
            Assert.True(remembered.TryTake(key, 0, out var tuple));
            Assert.True(remembered.TryRead(key, tuple, out var record));
            Assert.Equal(i, record.Stream);
            Assert.True(tuple.TryGetBaseSeq(key, Server, 443, out uint isn));
            Assert.Equal((uint)(i * 3), isn);
        }
    }

    [Fact]
    public void With_expiry_old_records_are_forgotten()
    {
        using var remembered = new RememberedConnections(expire: true);
        var (early, earlyRecord) = Retired(1, 40_000, 1, 2, forgetAfterNs: 100);
        var (late, lateRecord) = Retired(2, 40_001, 1, 2, forgetAfterNs: 300);
        remembered.Remember(earlyRecord);
        remembered.Remember(lateRecord);
        Assert.False(remembered.TryTake(early, nowNs: 200, out _));          // past its time: not resumed
        remembered.ForgetExpired(200);
        Assert.Equal(1, remembered.Count);
        Assert.True(remembered.Contains(late));
        remembered.ForgetExpired(301);
        Assert.Equal(0, remembered.Count);
    }
}
