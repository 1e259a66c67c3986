namespace Wirecase.EndToEnd.Tests;

/// <summary>Finds the repository root and the shared corpus beside it (../shared/corpus), or WIRECASE_CORPUS.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Corpus
    {
        get
        {
            string? fromEnv = Environment.GetEnvironmentVariable("WIRECASE_CORPUS");
            string path = fromEnv ?? Path.GetFullPath(Path.Combine(Root, "..", "shared", "corpus"));
            if (!File.Exists(Path.Combine(path, "MANIFEST.tsv")))
                throw new InvalidOperationException($"The shared corpus is missing: expected {path}/MANIFEST.tsv (clone beside ../shared, or set WIRECASE_CORPUS)");
            return path;
        }
    }

    private static string FindRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
            if (File.Exists(Path.Combine(d.FullName, "Wirecase.slnx"))) return d.FullName;
        throw new InvalidOperationException("Wirecase.slnx not found above " + AppContext.BaseDirectory);
    }
}
