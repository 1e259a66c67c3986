using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Wirecase.Reports.Tests;

namespace Wirecase.Web.Tests;

/// <summary>
/// `wirecase serve` end to end in headless Chromium, on a free loopback port: upload a lab capture, wait for the
/// analysis, see the top finding, open its ladder, filter its packet list with a display filter; bad uploads (not a
/// capture, truncated, too big) get a clear message and the server keeps serving.
/// </summary>
public sealed partial class ServeBrowserTests(Browser browser) : IClassFixture<Browser>, IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wirecase-serve-test-").FullName;
    private WirecaseServer _server = null!;
    private static string CaseA => LabFixtures.Captures("case-a-stalled-data").First(f => f.EndsWith("client.pcap", StringComparison.Ordinal));

    public async Task InitializeAsync()
    {
        File.Copy(CaseA, Path.Combine(_folder, "in-folder.pcap"));
        _server = await WirecaseServer.StartAsync(new ServeOptions { Directory = _folder, Port = 0, MaxUploadBytes = 1 << 20 });
        Assert.StartsWith("http://127.0.0.1:", _server.Url, StringComparison.Ordinal);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Upload_analyse_open_the_ladder_and_filter_the_packets()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(errors);
        await page.GotoAsync(_server.Url);
        Assert.Equal("in-folder.pcap", await page.Locator("#captures td").First.InnerTextAsync());

        await page.SetInputFilesAsync("#capture", CaseA);
        await page.ClickAsync("#upload button[type=submit]");
        await page.WaitForURLAsync(ReportUrl(), new() { Timeout = 30_000 });

        Assert.Equal(1, await page.Locator("nav a[href='/']").CountAsync());   // back to the captures
        // The top finding is the one `analyze` ranks first: the stalled data.
        var top = page.Locator("article.finding").First;
        Assert.True(await top.IsVisibleAsync());
        Assert.Equal("tcp.stalled-data", await top.GetAttributeAsync("data-finding"));

        await top.Locator("a.view-link").First.ClickAsync();
        Assert.Matches("#conn-0-0$", page.Url);
        var ladder = page.Locator("#conn-0-0 svg.ladder");
        Assert.True(await ladder.IsVisibleAsync());
        Assert.Equal(33, await ladder.Locator("g.seg").CountAsync());

        var filter = page.Locator("#conn-0-0 input.display-filter");
        await filter.FillAsync("tcp.analysis.retransmission");
        await filter.PressAsync("Enter");
        var status = page.Locator(".filter-status[data-for='packets-conn-0-0']");
        await Assertions.Expect(status).ToHaveTextAsync("10 matching");
        var visible = page.Locator("#packets-conn-0-0 tbody tr:visible");
        Assert.Equal(10, await visible.CountAsync());
        foreach (var analysis in await visible.Locator("td:nth-child(10)").AllInnerTextsAsync())
            Assert.Contains("retransmission", analysis, StringComparison.Ordinal);

        // A mistake in the filter: the box says what and where, the list is left as it was.
        await filter.FillAsync("tcp.prot == 25");
        await filter.PressAsync("Enter");
        await Assertions.Expect(status).ToContainTextAsync("did you mean tcp.port");
        Assert.Contains("invalid", await filter.GetAttributeAsync("class") ?? "", StringComparison.Ordinal);
        Assert.DoesNotContain(errors, e => !e.Contains("400", StringComparison.Ordinal));   // the refused filter's 400 is expected
    }

    [Fact]
    public async Task The_api_answers_the_same_analysis_as_json()
    {
        using var http = new HttpClient { BaseAddress = new Uri(_server.Url) };
        var captures = JsonDocument.Parse(await http.GetStringAsync("/api/captures")).RootElement;
        Assert.Equal("in-folder.pcap", captures[0].GetProperty("name").GetString());
        var started = await http.PostAsync("/api/analyze?name=in-folder.pcap", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        string id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        JsonElement job = default;
        for (int i = 0; i < 200; i++)
        {
            job = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{id}")).RootElement;
            if (job.GetProperty("state").GetString() != "running") break;
            await Task.Delay(100);
        }
        Assert.Equal("done", job.GetProperty("state").GetString());
        var report = JsonDocument.Parse(await http.GetStringAsync($"/api/jobs/{id}/report")).RootElement;
        Assert.Equal("wirecase.report/1", report.GetProperty("schema").GetString());
        var schema = Json.Schema.JsonSchema.FromFile(Path.Combine(LabFixtures.Root, "..", "..", "schemas", "wirecase.report-1.schema.json"));
        var validation = schema.Evaluate(report, new Json.Schema.EvaluationOptions { OutputFormat = Json.Schema.OutputFormat.List });
        Assert.True(validation.IsValid, string.Join("\n", (validation.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .Select(d => $"{d.InstanceLocation}: {string.Join("; ", d.Errors!.Values)}")));
        Assert.True(report.GetProperty("connectionViews")[0].GetProperty("segments").GetArrayLength() > 0);
        Assert.Equal(job.GetProperty("findings").GetInt32(), report.GetProperty("findings").GetArrayLength());
        Assert.Equal("tcp.stalled-data", report.GetProperty("findings")[0].GetProperty("id").GetString());
        // Names outside the folder's listing are not reachable.
        Assert.Equal(System.Net.HttpStatusCode.NotFound, (await http.PostAsync("/api/analyze?name=..%2F..%2Fetc%2Fpasswd", null)).StatusCode);
    }

    [Fact]
    public async Task Bad_uploads_get_a_clear_message_and_the_server_keeps_serving()
    {
        var errors = new List<string>();
        var page = await browser.NewPageAsync(errors);

        // Not a capture.
        string junk = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(junk, "this is a shopping list, not a packet capture\n");
        await page.GotoAsync(_server.Url);
        await page.SetInputFilesAsync("#capture", junk);
        await page.ClickAsync("#upload button[type=submit]");
        var error = page.Locator("#error");
        await Assertions.Expect(error).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Contains("not a capture", await error.InnerTextAsync(), StringComparison.Ordinal);

        // Too big (this server takes 1 MiB at most).
        string big = Path.Combine(_folder, "big.pcap");
        await File.WriteAllBytesAsync(big, new byte[(1 << 20) + 4096]);
        await page.GotoAsync(_server.Url);
        await page.SetInputFilesAsync("#capture", big);
        await page.ClickAsync("#upload button[type=submit]");
        await Assertions.Expect(page.Locator("#error")).ToContainTextAsync("larger than the upload limit");

        // Truncated in the middle of a record: the frames before the damage are analysed and the damage is said.
        var whole = await File.ReadAllBytesAsync(CaseA);
        string cut = Path.Combine(_folder, "cut.pcap");
        await File.WriteAllBytesAsync(cut, whole[..(whole.Length - 700)]);
        await page.GotoAsync(_server.Url);
        await page.SetInputFilesAsync("#capture", cut);
        await page.ClickAsync("#upload button[type=submit]");
        var notes = page.Locator("#notes");
        await Assertions.Expect(notes).ToBeVisibleAsync(new() { Timeout = 30_000 });
        Assert.Contains("Read with problems", await notes.InnerTextAsync(), StringComparison.Ordinal);
        await page.ClickAsync("#report");
        Assert.True(await page.Locator("article.finding").CountAsync() > 0);

        // Still serving.
        var response = await page.GotoAsync(_server.Url);
        Assert.Equal(200, response!.Status);
        Assert.DoesNotContain(errors, e => !e.Contains("status of 4", StringComparison.Ordinal));   // only the refused uploads' 4xx
    }

    [GeneratedRegex(@"/jobs/[0-9a-f]+/report$")]
    private static partial Regex ReportUrl();
}
