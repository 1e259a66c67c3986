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
        c.Originator.BaseSeqSet = true;
        c.Originator.BaseSeq = 1000u + (uint)record;
        c.Responder.BaseSeqSet = record % 2 == 0;
        c.Responder.BaseSeq = 9000u + (uint)record;
        c.Originator.SawFin = c.Responder.SawFin = record % 3 == 0;
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
            ulong hash = ((ulong)(uint)random.Next(1, 3000) << 52) | ((ulong)(uint)random.Next(1, 4) << 4);
            switch (random.Next(3))
            {
                case 0:
                    bool added = index.TryAdd(hash, Tuple(step), out var existing);
                    Assert.Equal(!model.ContainsKey(hash), added);
                    if (!added)
                    {
                        Assert.Equal(model[hash], existing.Record);
                        index.Replace(hash, Tuple(step));
                    }
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
    public void The_low_four_bits_of_a_hash_carry_the_flags_and_a_hash_of_zero_is_kept()
    {
        var index = new RememberedIndex();
        var tuple = Tuple(6);
        Assert.NotEqual(0, tuple.Flags);
        Assert.True(index.TryAdd(0, tuple, out _));
        // 0 and 7 differ only in the flag bits: the same slot (the tuple's own check tells such 4-tuples apart).
        Assert.False(index.TryAdd(7, Tuple(5), out var existing));
        Assert.Equal(6, existing.Record);
        Assert.True(index.TryGetValue(0, out var found));
        Assert.Equal((tuple.Record, tuple.Check, tuple.Flags, tuple.OriginatorBaseSeq, tuple.ResponderBaseSeq),
            (found.Record, found.Check, found.Flags, found.OriginatorBaseSeq, found.ResponderBaseSeq));
        Assert.True(index.Remove(0));
        Assert.Equal(0, index.Count);
    }
}
