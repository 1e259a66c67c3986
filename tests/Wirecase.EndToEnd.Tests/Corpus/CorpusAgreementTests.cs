using Xunit.Abstractions;

namespace Wirecase.EndToEnd.Tests.Corpus;

/// <summary>Every corpus file tshark reads, Wirecase reads with the same frames, times, lengths, addresses, ports and
/// TCP header fields; every disagreement has a stated reason.</summary>
public sealed class CorpusAgreementTests(ITestOutputHelper output)
{
    [Fact]
    public void Every_disagreement_with_tshark_is_explained()
    {
        var all = new List<Disagreement>();
        foreach (var entry in CorpusManifest.Entries) all.AddRange(CorpusComparison.Compare(entry));
        var unexplained = all.Where(d => d.Reason is null).ToList();
        foreach (var group in all.Where(d => d.Reason is not null).GroupBy(d => (d.File, d.Reason)))
            output.WriteLine($"explained: {group.Key.File}: {group.Count()} field(s): {group.Key.Reason}");
        foreach (var d in unexplained.Take(200)) output.WriteLine(d.ToString());
        Assert.True(unexplained.Count == 0,
            $"{unexplained.Count} unexplained disagreements with tshark, first: " + string.Join("; ", unexplained.Take(10)));
    }

    [Fact]
    public void The_corpus_is_all_there()
    {
        Assert.True(CorpusManifest.Entries.Count >= 390, $"only {CorpusManifest.Entries.Count} corpus files listed");
        Assert.All(CorpusManifest.Entries, e => Assert.True(File.Exists(e.FullPath), e.File));
    }
}
