namespace Wirecase.EndToEnd.Tests.Filters;

/// <summary>
/// Properties of the language on real frames: for random compound filters built from the agreement test's atoms, the
/// frames a filter selects and those its negation selects split the capture exactly (nothing in both, nothing in
/// neither), and De Morgan's laws hold.
/// </summary>
public sealed class FilterPartitionTests(FilterSample sample) : IClassFixture<FilterSample>
{
    private static string RandomFilter(Random random, int depth)
    {
        if (depth == 0 || random.Next(3) == 0)
            return DisplayFilterAgreementTests.Filters[random.Next(DisplayFilterAgreementTests.Filters.Length)];
        return random.Next(3) switch
        {
            0 => $"({RandomFilter(random, depth - 1)}) and ({RandomFilter(random, depth - 1)})",
            1 => $"({RandomFilter(random, depth - 1)}) or ({RandomFilter(random, depth - 1)})",
            _ => $"not ({RandomFilter(random, depth - 1)})",
        };
    }

    [Fact]
    public void A_filter_and_its_negation_partition_the_frames()
    {
        var all = Tools.WirecaseFrames(sample.Path, "frame").ToHashSet();
        var random = new Random(20261130);
        for (int i = 0; i < 30; i++)
        {
            string f = RandomFilter(random, 3);
            var yes = Tools.WirecaseFrames(sample.Path, f);
            var no = Tools.WirecaseFrames(sample.Path, $"not ({f})");
            Assert.True(yes.Count + no.Count == all.Count, $"{f}: {yes.Count} + {no.Count} != {all.Count}");
            Assert.Empty(yes.Intersect(no));
            Assert.True(all.SetEquals(yes.Concat(no)), f);
        }
    }

    [Fact]
    public void De_Morgan_holds()
    {
        var random = new Random(7);
        for (int i = 0; i < 12; i++)
        {
            string a = RandomFilter(random, 1), b = RandomFilter(random, 1);
            Assert.Equal(Tools.WirecaseFrames(sample.Path, $"not (({a}) or ({b}))"), Tools.WirecaseFrames(sample.Path, $"not ({a}) and not ({b})"));
            Assert.Equal(Tools.WirecaseFrames(sample.Path, $"not (({a}) and ({b}))"), Tools.WirecaseFrames(sample.Path, $"not ({a}) or not ({b})"));
        }
    }
}
