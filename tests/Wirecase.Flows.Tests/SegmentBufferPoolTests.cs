using Wirecase.Flows.Reassembly;
using Xunit;

namespace Wirecase.Flows.Tests;

public sealed class SegmentBufferPoolTests
{
    [Theory]
    [InlineData(1, 256)]
    [InlineData(256, 256)]
    [InlineData(257, 512)]
    [InlineData(1448, 2048)]
    [InlineData(65_535, 65_536)]
    public void Rents_the_power_of_two_that_holds_the_length(int length, int expected)
    {
        var pool = new SegmentBufferPool(1 << 20);
        Assert.Equal(expected, pool.Rent(length).Length);
    }

    [Fact]
    public void A_returned_buffer_is_reused_for_the_same_size_class()
    {
        var pool = new SegmentBufferPool(1 << 20);
        var first = pool.Rent(1000);
        pool.Return(first);
        Assert.Same(first, pool.Rent(700));
        Assert.NotSame(first, pool.Rent(700));
    }

    [Fact]
    public void Keeps_no_more_spare_bytes_than_its_limit()
    {
        var pool = new SegmentBufferPool(4096);
        var buffers = Enumerable.Range(0, 4).Select(_ => pool.Rent(2048)).ToList();
        foreach (var b in buffers) pool.Return(b);
        // Two fit in 4096 bytes; the others were dropped for the collector.
        var again = Enumerable.Range(0, 4).Select(_ => pool.Rent(2048)).ToList();
        Assert.Equal(2, again.Count(b => buffers.Contains(b)));
    }
}
