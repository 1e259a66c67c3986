using Wirecase.Flows.Tcp;
using Wirecase.Packets;

namespace Wirecase.Flows.Tests;

/// <summary>The open-addressing index of remembered 4-tuples against a dictionary doing the same operations.</summary>
public sealed class RememberedIndexTests
{
    private static RememberedTuple Tuple(int record)
    {
        var a = IpAddressValue.V4([198, 18, 0, 1]);
        var b = IpAddressValue.V4([203, 0, 113, 7]);
        var key = FlowKey.For(a, 40_000, b, 443, 6, out _);
        var c = new TcpConnection(record, key, a, 40_000, b, 443, firstFrame: 1, firstTimeNs: 0);
        return new RememberedTuple(new RetiredConnection(c, key, long.MaxValue), record);
    }

    [Fact]
    public void Finds_adds_and_removes_like_a_dictionary_through_growth_and_long_probe_runs()
    {
        var index = new RememberedIndex();
        var model = new Dictionary<ulong, int>();
        var random = new Random(20261130);
        for (int step = 0; step < 60_000; step++)
        {
            // Hashes whose top bits (the slot) often agree: long probe runs, wrapping around the array's end.
            ulong hash = ((ulong)(uint)random.Next(1, 3000) << 52) | (uint)random.Next(1, 4);
            switch (random.Next(3))
            {
                case 0:
                    ref var slot = ref index.GetOrAdd(hash, out bool existed);
                    Assert.Equal(model.ContainsKey(hash), existed);
                    slot = Tuple(step);
                    model[hash] = step;
                    break;
                case 1:
                    Assert.Equal(model.Remove(hash), index.Remove(hash));
                    break;
                default:
                    Assert.Equal(model.TryGetValue(hash, out int record), index.TryGetValue(hash, out var found));
                    if (model.ContainsKey(hash)) Assert.Equal(record, found.Record);
                    break;
            }
            Assert.Equal(model.Count, index.Count);
        }
        foreach (var (hash, record) in model)
        {
            Assert.True(index.TryGetValue(hash, out var found));
            Assert.Equal(record, found.Record);
        }
    }

    [Fact]
    public void A_hash_of_zero_is_kept_as_one()
    {
        var index = new RememberedIndex();
        index.GetOrAdd(0, out bool existed) = Tuple(5);
        Assert.False(existed);
        Assert.True(index.TryGetValue(1, out var found));   // the same slot: the tuple's own check tells them apart
        Assert.Equal(5, found.Record);
        Assert.True(index.Remove(0));
        Assert.Equal(0, index.Count);
    }
}
