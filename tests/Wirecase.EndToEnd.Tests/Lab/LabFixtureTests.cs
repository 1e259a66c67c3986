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
            MarkerWindow? window = null;
            if (expected.RootElement.TryGetProperty("markers", out var markers))
            {
                using var scan = CaptureSet.Open([capture]);
                window = MarkerWindow.Find(scan, markers[0].GetInt32(), markers[1].GetInt32(), out var error);
                Assert.True(window is not null, error);
            }
            using var set = CaptureSet.Open([capture]);
            var findings = Diagnoser.Diagnose(CaptureFacts.Collect(set, window: window));
            if (expected.RootElement.TryGetProperty("absent", out var absent))
                foreach (var id in absent.EnumerateArray()) Assert.DoesNotContain(findings, f => f.Id == id.GetString());
            output.WriteLine($"{scenario}/{Path.GetFileName(capture)}: {string.Join("; ", findings.Select(f => $"{f.Severity} {f.Id}"))}");
            if (noWarnings) Assert.DoesNotContain(findings, f => f.Severity >= Severity.Warning);
            // "findings" apply at every capture point; "points" name what each capture point must show.
            var wanted = new List<JsonElement>();
            if (expected.RootElement.TryGetProperty("findings", out var all)) wanted.AddRange(all.EnumerateArray());
            if (expected.RootElement.TryGetProperty("points", out var points) && points.TryGetProperty(Path.GetFileName(capture), out var here))
                wanted.AddRange(here.EnumerateArray());
            foreach (var want in wanted)
            {
                string id = want.GetProperty("id").GetString()!;
                string? titleContains = want.TryGetProperty("titleContains", out var t) ? t.GetString() : null;
                var found = findings.FirstOrDefault(f => f.Id == id && (titleContains is null || f.Title.Contains(titleContains, StringComparison.Ordinal)));
                Assert.True(found is not null, $"{scenario}/{Path.GetFileName(capture)}: no {id} {titleContains}");
                if (want.TryGetProperty("top", out var top) && top.GetBoolean()) Assert.Equal(id, findings[0].Id);
                if (want.TryGetProperty("explanationContains", out var text))
                    Assert.Contains(text.GetString()!, found!.Explanation, StringComparison.Ordinal);
                Assert.NotEmpty(found!.Evidence);
            }
        }
    }
}
