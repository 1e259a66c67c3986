using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Wirecase.Query;
using Wirecase.Reports.Html;
using Wirecase.Reports.Json;
using Wirecase.Reports.Model;

namespace Wirecase.Web;

/// <summary>
/// `wirecase serve`: the captures of a folder and uploads, analysed in the background, shown as the report (with a
/// display-filter box on each packet list) and answered as JSON under /api. Start with <see cref="StartAsync"/>, stop
/// with <see cref="DisposeAsync"/>.
/// </summary>
public sealed class WirecaseServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AnalysisJobs _jobs;
    private readonly string _uploads;

    private WirecaseServer(WebApplication app, AnalysisJobs jobs, string uploads)
    {
        _app = app;
        _jobs = jobs;
        _uploads = uploads;
    }

    /// <summary>The address it listens on, e.g. http://127.0.0.1:8080.</summary>
    public string Url { get; private set; } = "";

    public static async Task<WirecaseServer> StartAsync(ServeOptions options, CancellationToken cancel = default)
    {
        var library = new CaptureLibrary(options.Directory);
        var jobs = new AnalysisJobs(options);
        string uploads = Directory.CreateTempSubdirectory("wirecase-serve-").FullName;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{(options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host)}:{options.Port}");
        // Uploads are counted as they stream in; Kestrel's own cap sits a little above (multipart framing).
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize = options.MaxUploadBytes + (1 << 20));
        var app = builder.Build();
        var server = new WirecaseServer(app, jobs, uploads);
        server.Map(library, options);
        await app.StartAsync(cancel).ConfigureAwait(false);
        server.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return server;
    }

    /// <summary>Runs until <paramref name="cancel"/> fires or the host stops.</summary>
    public async Task WaitAsync(CancellationToken cancel)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancel, _app.Lifetime.ApplicationStopping);
        try { await Task.Delay(Timeout.Infinite, either.Token).ConfigureAwait(false); }
        catch (OperationCanceledException) { }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _jobs.Dispose();
        try { Directory.Delete(_uploads, recursive: true); }
        catch (IOException) { }
    }

    private void Map(CaptureLibrary library, ServeOptions options)
    {
        var app = _app;
        app.MapGet("/", () => Html(Pages.Index(library.Captures(), _jobs, options)));
        app.MapGet("/analyze", (string name) =>
        {
            if (library.Resolve(name) is not { } path) return Html(Pages.Error($"There is no capture named “{name}” in the folder."), 404);
            var job = _jobs.Start(name, path, uploaded: false);
            return Results.Redirect($"/jobs/{job.Id}");
        });
        app.MapPost("/upload", async (HttpRequest request, CancellationToken cancel) =>
        {
            var upload = await Upload.ReceiveAsync(request, _uploads, options.MaxUploadBytes, cancel).ConfigureAwait(false);
            if (upload.Error is { } error) return Html(Pages.Error(error), upload.Status);
            var job = _jobs.Start(upload.Name!, upload.Path!, uploaded: true);
            return Results.Redirect($"/jobs/{job.Id}", permanent: false);
        }).DisableAntiforgery();
        app.MapGet("/jobs/{id}", (string id) => _jobs.Find(id) is { } job ? Html(Pages.Job(job)) : Html(Pages.Error("No such analysis (it may have been replaced by newer ones)."), 404));
        app.MapGet("/jobs/{id}/report", (string id) =>
        {
            if (_jobs.Find(id) is not { Model: { } model } job) return Html(Pages.Error("This analysis has no report (still running, failed, or replaced)."), 404);
            var w = new StringWriter();
            HtmlReportWriter.Write(w, model, $"/api/jobs/{job.Id}/packets", homeUrl: "/");
            return Html(w.ToString());
        });

        app.MapGet("/api/captures", () => Results.Json(library.Captures().Select(c => new ApiCapture(c.Name, c.Size, c.Modified)).ToArray(), ApiJsonContext.Default.ApiCaptureArray));
        app.MapPost("/api/analyze", (string name) =>
        {
            if (library.Resolve(name) is not { } path) return Error($"no capture named {name}", 404);
            var job = _jobs.Start(name, path, uploaded: false);
            return Results.Json(new ApiJobStarted(job.Id, $"/api/jobs/{job.Id}"), ApiJsonContext.Default.ApiJobStarted, statusCode: 202);
        });
        app.MapGet("/api/jobs/{id}", (string id) => _jobs.Find(id) is { } job
            ? Results.Json(new ApiJob(
                job.Id,
                job.Name,
                job.State.ToString().ToLowerInvariant(),
                job.Progress,
                job.Frames,
                job.Error,
                job.Notes?.Errors ?? [],
                job.Notes?.Warnings ?? [],
                job.Model?.Findings.Count,
                job.Model is null ? null : $"/jobs/{job.Id}/report"), ApiJsonContext.Default.ApiJob)
            : Error("no such analysis", 404));
        app.MapGet("/api/jobs/{id}/report", (string id) =>
        {
            if (_jobs.Find(id) is not { Model: { } model }) return Error("no report for this analysis", 404);
            // Written to memory first: Kestrel refuses synchronous writes to the response.
            var json = new MemoryStream();
            ReportJsonWriter.Write(json, model);
            return Results.Bytes(json.ToArray(), "application/json");
        });
        app.MapGet("/api/jobs/{id}/packets", (string id, int stream, string filter, CancellationToken cancel) =>
        {
            if (_jobs.Find(id) is not { State: JobState.Done } job) return Error("no finished analysis with this id", 404);
            try
            {
                var frames = ConnectionPacketFilter.Matching([job.Path], stream, filter, cancel);
                return Results.Json(new ApiPackets(stream, filter, frames), ApiJsonContext.Default.ApiPackets);
            }
            catch (FilterException e)
            {
                return Error("invalid display filter: " + e.Describe(filter), 400);
            }
        });
    }

    private static IResult Error(string error, int status) => Results.Json(new ApiError(error), ApiJsonContext.Default.ApiError, statusCode: status);

    private static IResult Html(string body, int status = 200) => Results.Content(body, "text/html; charset=utf-8", Encoding.UTF8, status);
}
