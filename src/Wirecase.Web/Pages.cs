using System.Globalization;
using System.Net;
using System.Text;

namespace Wirecase.Web;

/// <summary>The server's own small pages (the folder, an analysis in progress, an error); reports come from Reports.</summary>
internal static class Pages
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private const string Style = """
        body { font: 14px/1.45 system-ui, sans-serif; color: #1d2228; margin: 24px; max-width: 1100px; }
        h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
        table { border-collapse: collapse; } th, td { border: 1px solid #d5dae0; padding: 4px 8px; text-align: left; }
        td.n { text-align: right; } .error { color: #b3261e; background: #fde8e6; padding: 8px 12px; border-radius: 4px; white-space: pre-wrap; }
        .warning { color: #7a4a00; background: #fff4dc; padding: 8px 12px; border-radius: 4px; white-space: pre-wrap; }
        progress { width: 420px; height: 18px; } .muted { color: #5b6470; }
        """;

    private static string E(string? s) => WebUtility.HtmlEncode(s ?? "");

    private static string Page(string title, string body) =>
        $"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><link rel=\"icon\" href=\"data:,\"><title>{E(title)} — Wirecase</title><style>{Style}</style></head><body>{body}</body></html>\n";

    public static string Index(IReadOnlyList<CaptureFileInfo> captures, AnalysisJobs jobs, ServeOptions options)
    {
        var b = new StringBuilder();
        b.Append("<h1>Wirecase</h1>");
        b.Append(Inv, $"<p class=\"muted\">Captures in {E(Path.GetFullPath(options.Directory))}</p>");
        b.Append("<h2>Upload a capture</h2><form id=\"upload\" method=\"post\" action=\"/upload\" enctype=\"multipart/form-data\">");
        b.Append("<input type=\"file\" name=\"capture\" id=\"capture\" required> <button type=\"submit\">Analyse</button></form>");
        b.Append(Inv, $"<p class=\"muted\">pcap, pcapng or NetMon, gzip or zstd compressed; at most {options.MaxUploadBytes / (1 << 20)} MiB. The uploaded file is kept while its analysis is listed here and deleted afterwards.</p>");
        b.Append("<h2>In this folder</h2>");
        if (captures.Count == 0) b.Append("<p class=\"muted\">No capture files.</p>");
        else
        {
            b.Append("<table id=\"captures\"><thead><tr><th>File</th><th>Size</th><th>Modified (UTC)</th><th></th></tr></thead><tbody>");
            foreach (var c in captures)
                b.Append(Inv, $"<tr><td>{E(c.Name)}</td><td class=\"n\">{c.Size:N0}</td><td>{c.Modified:yyyy-MM-dd HH:mm}</td><td><a href=\"/analyze?name={Uri.EscapeDataString(c.Name)}\">Analyse</a></td></tr>");
            b.Append("</tbody></table>");
        }
        return Page("Captures", b.ToString());
    }

    public static string Job(AnalysisJob job)
    {
        var b = new StringBuilder();
        b.Append(Inv, $"<h1>Analysing {E(job.Name)}</h1>");
        b.Append("<p><progress id=\"progress\" max=\"1\" value=\"0\"></progress> <span id=\"status\">reading…</span></p>");
        b.Append("<div id=\"error\" class=\"error\" hidden></div><div id=\"notes\" class=\"warning\" hidden></div>");
        b.Append("<p id=\"done\" hidden><a id=\"report\" href=\"#\">Open the report</a></p><p><a href=\"/\">Back to the captures</a></p>");
        b.Append(Inv, $$"""
            <script>
            (function () {
              var status = document.getElementById("status"), bar = document.getElementById("progress");
              function poll() {
                fetch("/api/jobs/{{job.Id}}").then(function (r) { return r.json(); }).then(function (j) {
                  bar.value = j.progress;
                  status.textContent = j.state === "running" ? (j.frames + " frames read") : j.state;
                  if (j.state === "failed") {
                    var e = document.getElementById("error"); e.textContent = j.error; e.hidden = false; return;
                  }
                  if (j.state === "done") {
                    document.getElementById("report").href = j.report;
                    if (j.errors.length > 0) {
                      var n = document.getElementById("notes");
                      n.textContent = "Read with problems: " + j.errors.join("\n") + "\nThe report covers the frames that could be read.";
                      n.hidden = false; document.getElementById("done").hidden = false; return;
                    }
                    location.href = j.report; return;
                  }
                  setTimeout(poll, 250);
                }).catch(function (e) { status.textContent = String(e); setTimeout(poll, 1000); });
              }
              poll();
            })();
            </script>
            """);
        return Page("Analysing " + job.Name, b.ToString());
    }

    public static string Error(string message) =>
        Page("Error", $"<h1>Wirecase</h1><div id=\"error\" class=\"error\">{E(message)}</div><p><a href=\"/\">Back to the captures</a></p>");
}
