using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Wirecase.EndToEnd.Tests.Program;

/// <summary>
/// `wirecase serve` run as the program users run (the native executable under ./test.sh): its JSON API answers with
/// the documented fields (serializers generated at build time, not reflection), its pages render.
/// </summary>
public sealed partial class ServeProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wirecase-serve-process-").FullName;
    private Process? _server;

    public void Dispose()
    {
        if (_server is { HasExited: false }) _server.Kill(entireProcessTree: true);
        _server?.WaitForExit(10_000);
        _server?.Dispose();
        Directory.Delete(_folder, recursive: true);
    }

    [GeneratedRegex(@"on (http://\S+)")]
    private static partial Regex ServingOn();

    [Fact]
    public async Task The_json_api_and_the_pages_answer()
    {
        File.Copy(Path.Combine(RepositoryPaths.Root, "samples", "smtp.pcap"), Path.Combine(_folder, "smtp.pcap"));
        _server = Process.Start(WirecaseProgram.StartInfo("serve", _folder, "--port", "0", "--host", "127.0.0.1"))!;
        using var startup = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string? line = await _server.StandardError.ReadLineAsync(startup.Token);
        var url = ServingOn().Match(line ?? "");
        Assert.True(url.Success, $"no address in «{line}»");
        using var http = new HttpClient { BaseAddress = new Uri(url.Groups[1].Value), Timeout = TimeSpan.FromSeconds(30) };

        var captures = JsonDocument.Parse(await http.GetStringAsync(new Uri("/api/captures", UriKind.Relative))).RootElement;
        Assert.Equal("smtp.pcap", captures[0].GetProperty("name").GetString());
        Assert.Equal(new FileInfo(Path.Combine(_folder, "smtp.pcap")).Length, captures[0].GetProperty("size").GetInt64());

        var started = await http.PostAsync(new Uri("/api/analyze?name=smtp.pcap", UriKind.Relative), null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, started.StatusCode);
        string id = JsonDocument.Parse(await started.Content.ReadAsStringAsync()).RootElement.GetProperty("id").GetString()!;
        JsonElement job = default;
        for (int i = 0; i < 600; i++)
        {
            job = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/jobs/{id}", UriKind.Relative))).RootElement;
            if (job.GetProperty("state").GetString() != "running") break;
            await Task.Delay(100);
        }
        Assert.Equal("done", job.GetProperty("state").GetString());
        Assert.Equal(125, job.GetProperty("frames").GetInt64());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("error").ValueKind);
        Assert.Equal($"/jobs/{id}/report", job.GetProperty("report").GetString());

        var packets = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/jobs/{id}/packets?stream=0&filter=tcp.flags.syn==1", UriKind.Relative))).RootElement;
        Assert.Equal(["3", "4"], packets.GetProperty("frames").EnumerateArray().Select(f => f.GetString()));
        var badFilter = await http.GetAsync(new Uri($"/api/jobs/{id}/packets?stream=0&filter=tcp.flags.syn==", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, badFilter.StatusCode);
        Assert.StartsWith("invalid display filter", JsonDocument.Parse(await badFilter.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        var missing = await http.GetAsync(new Uri("/api/jobs/no-such-job", UriKind.Relative));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal("no such analysis", JsonDocument.Parse(await missing.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString());

        var report = JsonDocument.Parse(await http.GetStringAsync(new Uri($"/api/jobs/{id}/report", UriKind.Relative))).RootElement;
        Assert.Equal("wirecase.report/1", report.GetProperty("schema").GetString());
        Assert.Contains("<svg", await http.GetStringAsync(new Uri($"/jobs/{id}/report", UriKind.Relative)), StringComparison.Ordinal);
        Assert.Contains("smtp.pcap", await http.GetStringAsync(new Uri("/", UriKind.Relative)), StringComparison.Ordinal);
    }
}
