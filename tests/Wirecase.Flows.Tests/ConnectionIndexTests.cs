using Wirecase.Flows.Tcp;
using Wirecase.Packets;

namespace Wirecase.Flows.Tests;

/// <summary>The open-addressing index of held connections against a dictionary doing the same operations.</summary>
public sealed class ConnectionIndexTests
{
    private static TcpConnection Connection(int stream, int client)
    {
        var a = IpAddressValue.V4([198, 18, (byte)(client >> 8), (byte)client]);
        var b = IpAddressValue.V4([203, 0, 113, 7]);
        ushort port = (ushort)(40_000 + client % 7);
        var key = FlowKey.For(a, port, b, 443, 6, out _);
        return new TcpConnection(stream, key, a, port, b, 443, firstFrame: stream + 1, firstTimeNs: 0);
    }

    [Fact]
    public void Finds_replaces_and_removes_like_a_dictionary_through_growth_and_long_probe_runs()
    {
        var index = new ConnectionIndex(capacity: 4);
        var model = new Dictionary<FlowKey, TcpConnection>();
        var random = new Random(20261130);
        // Few distinct 4-tuples, many operations: probe runs form, wrap around the array's end and are cut by removals.
        for (int step = 0; step < 40_000; step++)
        {
            var c = Connection(step, random.Next(600));
            switch (random.Next(3))
            {
                case 0:
                    index.Set(c.Key, c);
                    model[c.Key] = c;
                    break;
                case 1:
                    Assert.Equal(model.Remove(c.Key), index.Remove(c.Key));
                    break;
                default:
                    Assert.Equal(model.TryGetValue(c.Key, out var expected), index.TryGetValue(c.Key, out var found));
                    if (expected is not null) Assert.Same(expected, found);
                    break;
            }
            Assert.Equal(model.Count, index.Count);
        }
        foreach (var (key, c) in model)
        {
            Assert.True(index.TryGetValue(key, out var found));
            Assert.Same(c, found);
        }
        Assert.Equal(model.Values.OrderBy(c => c.Stream), index.Snapshot().OrderBy(c => c.Stream));
    }

    [Fact]
    public void Both_directions_of_a_connection_find_it()
    {
        var index = new ConnectionIndex();
        var c = Connection(0, 1);
        index.Set(c.Key, c);
        var reverse = FlowKey.For(c.ResponderAddress, c.ResponderPort, c.OriginatorAddress, c.OriginatorPort, 6, out _);
        Assert.True(index.TryGetValue(reverse, out var found));
        Assert.Same(c, found);
        Assert.True(index.Remove(reverse));
        Assert.False(index.TryGetValue(c.Key, out _));
        Assert.Equal(0, index.Count);
    }
}
