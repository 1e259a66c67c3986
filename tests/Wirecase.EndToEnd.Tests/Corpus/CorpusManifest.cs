namespace Wirecase.EndToEnd.Tests.Corpus;

/// <summary>One row of the corpus MANIFEST.tsv.</summary>
public sealed record CorpusEntry(string File, string Format, string LinkType, string Packets, string Notes)
{
    public string FullPath => Path.Combine(RepositoryPaths.Corpus, File);
    public string ReferencePath(string kind) => Path.Combine(RepositoryPaths.Corpus, "reference", File + "." + kind);
    public override string ToString() => File;
}

public static class CorpusManifest
{
    public static IReadOnlyList<CorpusEntry> Entries { get; } = Load();

    private static List<CorpusEntry> Load()
    {
        var lines = System.IO.File.ReadAllLines(Path.Combine(RepositoryPaths.Corpus, "MANIFEST.tsv"));
        var list = new List<CorpusEntry>();
        foreach (var line in lines.Skip(1))
        {
            var c = line.Split('\t');
            if (c.Length < 9) continue;
            list.Add(new CorpusEntry(c[0], c[4], c[5], c[6], c[8]));
        }
        return list;
    }
}
