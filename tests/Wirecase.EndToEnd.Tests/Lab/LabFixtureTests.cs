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
        var root = expected.RootElement;
        var captures = Directory.GetFiles(dir, "*.pcap*").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(captures);
        // A ring buffer ("set": true) is analysed as one run over all its files; otherwise each capture point alone.
        bool asSet = root.TryGetProperty("set", out var set) && set.GetBoolean();
        List<List<string>> runs = asSet ? [captures] : captures.Select(c => new List<string> { c }).ToList();
        foreach (var run in runs)
        {
            string name = asSet ? "set" : Path.GetFileName(run[0]);
            MarkerWindow? window = null;
            if (root.TryGetProperty("markers", out var markers))
            {
                using var scan = CaptureSet.Open(run);
                window = MarkerWindow.Find(scan, markers[0].GetInt32(), markers[1].GetInt32(), out var error);
                Assert.True(window is not null, error);
            }
            using var captureSet = CaptureSet.Open(run);
            var facts = CaptureFacts.Collect(captureSet, window: window);
            if (asSet) Assert.Single(facts.Points);   // files that follow each other are one capture point
            var findings = Diagnoser.Diagnose(facts);
            output.WriteLine($"{scenario}/{name}: {string.Join("; ", findings.Select(f => $"{f.Severity} {f.Id}"))}");
            Check(scenario, name, root, findings);
        }
    }

    private static void Check(string scenario, string name, JsonElement root, IReadOnlyList<Finding> findings)
    {
        if (root.GetProperty("noWarnings").GetBoolean())
            Assert.True(!findings.Any(f => f.Severity >= Severity.Warning), $"{scenario}/{name}: warnings in a healthy capture: {string.Join("; ", findings.Where(f => f.Severity >= Severity.Warning).Select(f => f.Title))}");
        var absent = new List<string>();
        if (root.TryGetProperty("absent", out var all)) absent.AddRange(all.EnumerateArray().Select(x => x.GetString()!));
        if (root.TryGetProperty("absentAt", out var at) && at.TryGetProperty(name, out var here)) absent.AddRange(here.EnumerateArray().Select(x => x.GetString()!));
        foreach (var id in absent) Assert.True(!findings.Any(f => f.Id == id), $"{scenario}/{name}: {id} must not be reported");
        // "findings" apply at every capture point; "points" name what each capture point must show.
        var wanted = new List<JsonElement>();
        if (root.TryGetProperty("findings", out var every)) wanted.AddRange(every.EnumerateArray());
        if (root.TryGetProperty("points", out var points) && points.TryGetProperty(name, out var mine)) wanted.AddRange(mine.EnumerateArray());
        foreach (var want in wanted)
        {
            string id = want.GetProperty("id").GetString()!;
            string? titleContains = want.TryGetProperty("titleContains", out var t) ? t.GetString() : null;
            var found = findings.FirstOrDefault(f => f.Id == id && (titleContains is null || f.Title.Contains(titleContains, StringComparison.Ordinal)));
            Assert.True(found is not null, $"{scenario}/{name}: no {id} {titleContains}; found {string.Join(", ", findings.Select(f => f.Id))}");
            if (want.TryGetProperty("top", out var top) && top.GetBoolean()) Assert.Equal(id, findings[0].Id);
            if (want.TryGetProperty("explanationContains", out var text))
                Assert.Contains(text.GetString()!, found!.Explanation, StringComparison.Ordinal);
            Assert.NotEmpty(found!.Evidence);
            // Evidence frames the scenario found in its own capture with tcpdump/tshark must be among the finding's.
            if (want.TryGetProperty("evidence", out var evidence))
            {
                var cited = found.Evidence.Select(e => e.File is null ? e.Frame.ToString() : $"{e.File}#{e.Frame}").ToHashSet();
                foreach (var frame in evidence.EnumerateArray())
                {
                    string key = frame.ValueKind == JsonValueKind.Number ? frame.GetInt64().ToString() : frame.GetString()!;
                    Assert.True(cited.Contains(key), $"{scenario}/{name}: {id} does not cite frame {key}; it cites {string.Join(", ", cited)}");
                }
            }
        }
    }
}
