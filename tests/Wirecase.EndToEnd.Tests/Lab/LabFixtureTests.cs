using System.Text.Json;
using Wirecase.Capture;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;
using Xunit.Abstractions;

namespace Wirecase.EndToEnd.Tests.Lab;

/// <summary>
/// The captures the lab made from real servers and clients (lab/run-all.sh; committed under lab/fixtures): each
/// capture point analysed on its own gives the scenario's expected findings — the top one first — and a healthy
/// scenario gives no warning at any point.
/// </summary>
public sealed class LabFixtureTests(ITestOutputHelper output)
{
    public static TheoryData<string> Scenarios()
    {
        var data = new TheoryData<string>();
        foreach (var dir in Directory.GetDirectories(Path.Combine(RepositoryPaths.Root, "lab", "fixtures")).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(dir));
        return data;
    }

    [Theory]
    [MemberData(nameof(Scenarios))]
    public void Every_capture_point_gives_the_expected_findings(string scenario)
    {
        string dir = Path.Combine(RepositoryPaths.Root, "lab", "fixtures", scenario);
        using var expected = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "expected.json")));
        bool noWarnings = expected.RootElement.GetProperty("noWarnings").GetBoolean();
        var captures = Directory.GetFiles(dir, "*.pcap*").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(captures);
        foreach (var capture in captures)
        {
            using var set = CaptureSet.Open([capture]);
            var findings = Diagnoser.Diagnose(CaptureFacts.Collect(set));
            output.WriteLine($"{scenario}/{Path.GetFileName(capture)}: {string.Join("; ", findings.Select(f => $"{f.Severity} {f.Id}"))}");
            if (noWarnings) Assert.DoesNotContain(findings, f => f.Severity >= Severity.Warning);
            foreach (var want in expected.RootElement.GetProperty("findings").EnumerateArray())
            {
                string id = want.GetProperty("id").GetString()!;
                var found = findings.FirstOrDefault(f => f.Id == id);
                Assert.True(found is not null, $"{scenario}/{Path.GetFileName(capture)}: no {id}");
                if (want.TryGetProperty("top", out var top) && top.GetBoolean()) Assert.Equal(id, findings[0].Id);
                if (want.TryGetProperty("explanationContains", out var text))
                    Assert.Contains(text.GetString()!, found!.Explanation, StringComparison.Ordinal);
                Assert.NotEmpty(found!.Evidence);
            }
        }
    }
}
