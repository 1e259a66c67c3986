using System.Text;
using System.Text.Json;
using Microsoft.Playwright;
using Wirecase.Cli;

namespace Wirecase.Reports.Tests;

/// <summary>
/// `wirecase report` on every lab scenario, opened from disk in headless Chromium: no console errors, every finding of
/// `wirecase analyze` visible, each drawn connection's ladder with one arrow per packet of that connection (as the
/// conversations table counts them) and its time-sequence graph with one bar per data segment; a screenshot is kept.
/// </summary>
public sealed class HtmlReportBrowserTests(Browser browser) : IClassFixture<Browser>
{
    public static TheoryData<string> Scenarios() => [.. LabFixtures.Scenarios];

    [Theory]
    [MemberData(nameof(Scenarios))]
    public async Task Report_of_a_lab_scenario_renders_every_finding_ladder_and_graph(string scenario)
    {
        var files = LabFixtures.Captures(scenario);
        string dir = Directory.CreateTempSubdirectory("wirecase-report-").FullName;
        try
        {
            string html = Path.Combine(dir, scenario + ".html");
            var (code, _, error) = Run(["report", .. files, "-o", html]);
            Assert.True(code == 0, error);
            Assert.True(File.Exists(html));
            var findings = FindingIds(files);

            var errors = new List<string>();
            var page = await browser.NewPageAsync(errors);
            var requests = new List<string>();
            page.Request += (_, r) => { if (!r.Url.StartsWith("file:", StringComparison.Ordinal) && !r.Url.StartsWith("data:", StringComparison.Ordinal)) requests.Add(r.Url); };
            await page.GotoAsync(new Uri(html).AbsoluteUri);
            await page.ScreenshotAsync(new() { Path = Browser.ArtefactPath(scenario + ".png"), FullPage = false });

            Assert.Empty(errors);
            Assert.Empty(requests);   // self-contained: nothing fetched
            Assert.Equal(findings.Count, await page.Locator("article.finding").CountAsync());
            foreach (var id in findings.Distinct())
                Assert.True(await page.Locator($"article.finding[data-finding='{id}']").First.IsVisibleAsync(), $"finding {id} not visible");

            var connections = page.Locator("article.connection");
            int viewCount = await connections.CountAsync();
            if (findings.Count > 0 && await page.Locator("article.finding .view-link").CountAsync() > 0) Assert.True(viewCount > 0);
            for (int i = 0; i < viewCount; i++)
            {
                var view = connections.Nth(i);
                string id = (await view.GetAttributeAsync("id"))!;
                int rows = await view.Locator("table.packets tbody tr").CountAsync();
                int arrows = await view.Locator("svg.ladder g.seg").CountAsync();
                Assert.Equal(Math.Min(rows, 400), arrows);
                Assert.True(await view.Locator("svg.ladder").IsVisibleAsync());
                // The conversations table (first pass) counts the same packets the ladder (second pass) draws.
                var conversation = page.Locator($"#conversation-table a[href='#{id}']");
                if (await conversation.CountAsync() == 1 && rows < 2000)
                {
                    var cells = conversation.Locator("xpath=ancestor::tr/td");
                    long packets = long.Parse(await cells.Nth(5).InnerTextAsync()) + long.Parse(await cells.Nth(7).InnerTextAsync());
                    Assert.Equal(packets, rows);
                }
                int dataRows = await view.Locator("table.packets tbody tr").EvaluateAllAsync<int>(
                    "rows => rows.filter(r => Number(r.cells[6].textContent) > 0).length");
                int bars = await view.Locator("svg.tsg line.data").CountAsync();
                Assert.Equal(dataRows, bars);
                if (dataRows > 0) Assert.True(await view.Locator("svg.tsg").First.IsVisibleAsync());
            }
            // Captures from several points: each drawn connection has one lane per point and one row per segment.
            var paths = page.Locator("svg.path-ladder");
            for (int i = 0; i < await paths.CountAsync(); i++)
            {
                var svg = paths.Nth(i);
                int rows = int.Parse((await svg.GetAttributeAsync("data-segments"))!);
                Assert.True(rows > 0);
                Assert.Equal(rows, await svg.Locator("g.seg").CountAsync());
                Assert.Equal(await page.Locator("#correlation thead ~ tbody tr").CountAsync() / 2 + 1, await svg.Locator("text.lane-name").CountAsync());
                Assert.True(await svg.IsVisibleAsync());
            }
            await page.CloseAsync();
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public async Task Conversations_table_sorts_and_filters()
    {
        var files = LabFixtures.Captures("slow-path");
        string dir = Directory.CreateTempSubdirectory("wirecase-report-").FullName;
        try
        {
            string html = Path.Combine(dir, "r.html");
            Assert.Equal(0, Run(["report", .. files, "-o", html]).Code);
            var errors = new List<string>();
            var page = await browser.NewPageAsync(errors);
            await page.GotoAsync(new Uri(html).AbsoluteUri);
            var rows = page.Locator("#conversation-table tbody tr");
            int all = await rows.CountAsync();
            Assert.True(all >= 1);
            // Sorting by packets A→B, descending on the second click.
            var header = page.Locator("#conversation-table thead th").Nth(5);
            await header.ClickAsync();
            await header.ClickAsync();
            var values = await page.Locator("#conversation-table tbody tr td:nth-child(6)").AllInnerTextsAsync();
            var numbers = values.Select(long.Parse).ToList();
            Assert.Equal(numbers.OrderByDescending(x => x), numbers);
            // A text filter that no row contains hides them all; clearing it shows them again.
            await page.FillAsync("input.table-filter[data-table='conversation-table']", "no-such-text-anywhere");
            Assert.Equal(0, await page.Locator("#conversation-table tbody tr:visible").CountAsync());
            await page.FillAsync("input.table-filter[data-table='conversation-table']", "");
            Assert.Equal(all, await page.Locator("#conversation-table tbody tr:visible").CountAsync());
            Assert.Empty(errors);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void A_connection_over_the_segment_limit_shows_its_first_segments_and_counts_the_rest()
    {
        string file = LabFixtures.Captures("case-a-stalled-data").First(f => f.EndsWith("client.pcap", StringComparison.Ordinal));
        var (code, html, error) = Run(["report", file, "--max-segments", "5", "-o", "-"]);
        Assert.True(code == 0, error);
        Assert.Equal(5, html.Split("<tr id=\"pkt-").Length - 1);
        Assert.Equal(5, html.Split("<g class=\"seg").Length - 1);
        // The capture holds 33 frames of that one connection.
        Assert.Contains("The first 5 segments are shown; 28 later ones are not.", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_refuses_stdin_and_a_missing_output()
    {
        var stdin = Run(["report", "-", "-o", "x.html"]);
        Assert.Equal(2, stdin.Code);
        Assert.Contains("cannot read stdin", stdin.Error, StringComparison.Ordinal);
        var noFolder = Run(["report", LabFixtures.Captures("slow-path")[0], "-o", "/nonexistent-wirecase-dir/r.html"]);
        Assert.Equal(2, noFolder.Code);
        Assert.Contains("does not exist", noFolder.Error, StringComparison.Ordinal);
        var noOutput = Run(["report", LabFixtures.Captures("slow-path")[0]]);
        Assert.NotEqual(0, noOutput.Code);
        Assert.Contains("'-o' is required", noOutput.Error, StringComparison.Ordinal);
    }

    private static List<string> FindingIds(string[] files)
    {
        var (code, output, error) = Run(["analyze", "--json", .. files]);
        Assert.True(code == 0, error);
        using var doc = JsonDocument.Parse(output);
        return [.. doc.RootElement.GetProperty("findings").EnumerateArray().Select(f => f.GetProperty("id").GetString()!)];
    }

    private static (int Code, string Out, string Error) Run(string[] args)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        int code = WirecaseApp.Run(args, new CliConsole(output, error, stderrIsTerminal: false));
        return (code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }
}
