using Wirecase.Capture;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;
using Xunit.Abstractions;

namespace Wirecase.EndToEnd.Tests.Corpus;

/// <summary>`analyze` over every corpus file: no exception, every finding carries evidence and words, and the warnings
/// and errors equal the reviewed list in corpus-findings.tsv (each line says why the finding is true).</summary>
public sealed class CorpusAnalysisTests(ITestOutputHelper output)
{
    private static readonly string SnapshotPath = Path.Combine(RepositoryPaths.Root, "tests", "Wirecase.EndToEnd.Tests", "Corpus", "corpus-findings.tsv");

    [Fact]
    public void The_warnings_on_the_corpus_are_the_reviewed_ones()
    {
        var actual = new List<string>();
        foreach (var entry in CorpusManifest.Entries)
        {
            CaptureSet set;
            try
            {
                set = CaptureSet.Open([entry.FullPath]);
            }
            catch (CaptureException)
            {
                continue;
            }
            using (set)
            {
                foreach (var f in Diagnoser.Diagnose(CaptureFacts.Collect(set)).Where(f => f.Severity >= Severity.Warning))
                    actual.Add($"{entry.File}\t{f.Severity.ToString().ToLowerInvariant()}\t{f.Id}\t{f.Title}");
            }
        }
        // The snapshot's fifth column is the reviewer's note; only the first four are compared.
        var reviewed = File.ReadAllLines(SnapshotPath).Where(l => l.Length > 0 && !l.StartsWith('#'))
            .Select(l => string.Join('\t', l.Split('\t').Take(4))).ToList();
        var missing = reviewed.Except(actual).ToList();
        var unexpected = actual.Except(reviewed).ToList();
        if (missing.Count + unexpected.Count > 0)
        {
            string path = Path.Combine(Path.GetTempPath(), "corpus-findings.actual.tsv");
            File.WriteAllLines(path, actual);
            output.WriteLine($"actual findings written to {path}");
        }
        Assert.True(missing.Count == 0 && unexpected.Count == 0,
            "corpus findings changed; review each and update corpus-findings.tsv:\n" +
            string.Join("\n", missing.Select(m => "- " + m).Concat(unexpected.Select(u => "+ " + u))));
    }

    [Fact]
    public void Every_corpus_file_is_analysed_without_error()
    {
        int analysed = 0, findings = 0;
        foreach (var entry in CorpusManifest.Entries)
        {
            CaptureSet set;
            try
            {
                set = CaptureSet.Open([entry.FullPath]);
            }
            catch (CaptureException)
            {
                continue;   // files no reader accepts are covered by CorpusRobustnessTests
            }
            using (set)
            {
                var result = Diagnoser.Diagnose(CaptureFacts.Collect(set));
                analysed++;
                foreach (var f in result)
                {
                    findings++;
                    Assert.False(string.IsNullOrWhiteSpace(f.Title), $"{entry}: {f.Id} has no title");
                    Assert.False(string.IsNullOrWhiteSpace(f.Explanation), $"{entry}: {f.Id} has no explanation");
                    Assert.True(f.Evidence.Count > 0, $"{entry}: {f.Id} has no evidence");
                    Assert.All(f.Evidence, e => Assert.True(e.Frame > 0, $"{entry}: {f.Id} cites frame {e.Frame}"));
                }
            }
        }
        output.WriteLine($"{analysed} files analysed, {findings} findings");
        Assert.True(analysed > 300);
    }
}
