using Wirecase.Capture;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;
using Xunit.Abstractions;

namespace Wirecase.EndToEnd.Tests.Corpus;

/// <summary>`analyze` over every corpus file: no exception, and every finding carries evidence and words.</summary>
public sealed class CorpusAnalysisTests(ITestOutputHelper output)
{
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
