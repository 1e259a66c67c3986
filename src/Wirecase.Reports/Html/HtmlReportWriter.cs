using System.Globalization;
using System.Reflection;
using System.Text;
using Wirecase.Correlation.Results;
using Wirecase.Diagnosis;
using Wirecase.Reports.Model;

namespace Wirecase.Reports.Html;

/// <summary>
/// The report as one self-contained HTML page: inline CSS, inline script (sorting and filtering tables), inline SVG;
/// nothing fetched, so it opens from disk, mails as one file and prints.
/// </summary>
public static class HtmlReportWriter
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private static readonly Lazy<string> Css = new(() => Resource("report.css"));
    private static readonly Lazy<string> Script = new(() => Resource("report.js"));

    /// <param name="packetFilterUrl">In `wirecase serve`: the URL the packet lists' display-filter box asks (with
    /// <c>?filter=</c>); null for a file report, whose packet lists filter by text only.</param>
    /// <param name="homeUrl">In `wirecase serve`: the page listing the captures, linked from the navigation.</param>
    public static void Write(TextWriter w, ReportModel model, string? packetFilterUrl = null, string? homeUrl = null)
    {
        var html = new StringBuilder(1 << 16);
        html.Append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">");
        html.Append("<meta name=\"generator\" content=\"Wirecase\"><link rel=\"icon\" href=\"data:,\">");
        html.Append(Inv, $"<title>{HtmlText.Encode(model.Title)} — Wirecase report</title><style>{Css.Value}</style></head><body>");
        html.Append(Inv, $"<header><h1>Wirecase report: {HtmlText.Encode(model.Title)}</h1><p class=\"generated\">Generated {HtmlText.Encode(model.GeneratedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", Inv))}</p>");
        html.Append("<nav>");
        if (homeUrl is not null) html.Append(Inv, $"<a href=\"{HtmlText.Attr(homeUrl)}\">All captures</a> ");
        html.Append(Inv, $"<a href=\"#summary\">Capture</a> <a href=\"#findings\">Findings ({model.Findings.Count})</a>");
        if (model.Correlation is not null) html.Append(" <a href=\"#correlation\">Path</a>");
        html.Append(Inv, $" <a href=\"#conversations\">Conversations ({model.Conversations.Count + model.ConversationsNotShown})</a> <a href=\"#connections\">Connections ({model.Connections.Count})</a></nav></header><main>");
        Summary(html, model);
        Findings(html, model);
        if (model.Correlation is { } correlation) Correlation(html, correlation);
        Conversations(html, model);
        Connections(html, model, packetFilterUrl);
        html.Append("</main>");
        if (packetFilterUrl is not null) html.Append(Inv, $"<script>window.wirecasePacketFilterUrl = \"{HtmlText.Attr(packetFilterUrl)}\";</script>");
        html.Append(Inv, $"<script>{Script.Value}</script></body></html>\n");
        w.Write(html);
    }

    private static void Summary(StringBuilder html, ReportModel model)
    {
        html.Append("<section id=\"summary\"><h2>What was captured</h2><table class=\"summary\"><thead><tr>");
        html.Append("<th>Point / files</th><th>Frames</th><th>Start (UTC)</th><th>Duration</th><th>TCP connections</th><th>SMTP</th><th>TLS</th><th>HTTP</th><th>DNS queries</th></tr></thead><tbody>");
        foreach (var c in model.Captures)
        {
            html.Append(Inv, $"<tr><td>{HtmlText.Encode(c.Name ?? string.Join(", ", c.Files))}</td><td class=\"n\">{c.Frames}</td>");
            html.Append(Inv, $"<td>{HtmlText.Encode(c.Start?.ToString("yyyy-MM-dd HH:mm:ss.ffffff", Inv) ?? "—")}</td><td class=\"n\">{HtmlText.Encode(SvgChart.Seconds(c.DurationSeconds))}</td>");
            html.Append(Inv, $"<td class=\"n\">{c.TcpConnections}</td><td class=\"n\">{c.SmtpSessions}</td><td class=\"n\">{c.TlsSessions}</td><td class=\"n\">{c.HttpSessions}</td><td class=\"n\">{c.DnsQueries}</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }

    private static void Findings(StringBuilder html, ReportModel model)
    {
        html.Append("<section id=\"findings\"><h2>Findings</h2>");
        if (model.Findings.Count == 0) html.Append("<p class=\"none\">No findings: nothing in these captures matched a known fault.</p>");
        var viewOf = model.Connections.ToDictionary(v => v.Id);
        foreach (var fv in model.Findings)
        {
            var f = fv.Finding;
            string severity = f.Severity.ToString().ToLowerInvariant();
            html.Append(Inv, $"<article class=\"finding sev-{severity}\" id=\"{fv.Anchor}\" data-finding=\"{HtmlText.Attr(f.Id)}\">");
            html.Append(Inv, $"<h3><span class=\"badge\">{HtmlText.Encode(severity)}</span> {HtmlText.Encode(f.Title)}</h3>");
            html.Append(Inv, $"<p class=\"meta\"><code>{HtmlText.Encode(f.Id)}</code> · confidence {f.Confidence.ToString("0.00", Inv)}</p>");
            html.Append(Inv, $"<p class=\"explanation\">{HtmlText.Encode(f.Explanation)}</p>");
            if (f.Evidence.Count > 0)
            {
                html.Append("<h4>Evidence</h4><ul class=\"evidence\">");
                foreach (var e in f.Evidence)
                {
                    string frame = (e.File is null ? "" : e.File + "#") + e.Frame.ToString(Inv);
                    string? target = fv.ConnectionViewIds.FirstOrDefault(id => viewOf.TryGetValue(id, out var v) && v.Segments.Any(s => s.FrameId == e.Id));
                    string link = target is null ? HtmlText.Encode("frame " + frame)
                        : $"<a href=\"#pkt-{target}-{HtmlText.Attr(CitedConnections.FrameLabel(e.Id))}\">frame {HtmlText.Encode(frame)}</a>";
                    html.Append(Inv, $"<li>{link}: {HtmlText.Encode(e.What)}</li>");
                }
                html.Append("</ul>");
            }
            if (fv.ConnectionViewIds.Count > 0)
            {
                html.Append("<p class=\"views\">Ladder and graphs: ");
                html.Append(string.Join(" · ", fv.ConnectionViewIds.Select(id => $"<a class=\"view-link\" href=\"#{id}\">{HtmlText.Encode(viewOf[id].Title)}</a>")));
                html.Append("</p>");
            }
            else if (f.Connections.Count > 0)
                html.Append(Inv, $"<p class=\"views\">Connections: {HtmlText.Encode(string.Join("; ", f.Connections))}</p>");
            if (f.CannotTell.Length > 0) html.Append(Inv, $"<h4>What the capture cannot tell</h4><p>{HtmlText.Encode(f.CannotTell)}</p>");
            if (f.NextStep.Length > 0) html.Append(Inv, $"<h4>Next step</h4><p class=\"next\">{HtmlText.Encode(f.NextStep)}</p>");
            html.Append("</article>");
        }
        html.Append("</section>");
    }

    private static void Correlation(StringBuilder html, CorrelationResult r)
    {
        html.Append("<section id=\"correlation\"><h2>Along the path</h2><table class=\"hops\"><thead><tr><th>Hop</th><th>Direction</th><th>Passed</th><th>Lost</th><th>Appeared</th><th>Modified</th><th>Duplicated</th><th>Reordered</th></tr></thead><tbody>");
        foreach (var hop in r.Hops)
            foreach (var (name, d) in new[] { ("toward server", hop.TowardServer), ("toward client", hop.TowardClient) })
                html.Append(Inv, $"<tr><td>{HtmlText.Encode(r.NameOf(hop.From))} → {HtmlText.Encode(r.NameOf(hop.To))}</td><td>{name}</td><td class=\"n\">{d.Passed}</td><td class=\"n\">{d.Lost}</td><td class=\"n\">{d.Appeared}</td><td class=\"n\">{d.Modified}</td><td class=\"n\">{d.Duplicated}</td><td class=\"n\">{d.Reordered}</td></tr>");
        html.Append("</tbody></table>");
        var shown = r.Connections.Where(c => c.Anomalies > 0 && c.Ladder is { Count: > 0 }).Take(6).ToList();
        foreach (var c in shown)
        {
            var at = r.Path.Where(p => c.At[p] is not null).Select(p => $"{r.NameOf(p)} tcp.stream {c.At[p]!.Stream} {c.At[p]!.Client} → {c.At[p]!.Server}");
            html.Append(Inv, $"<div class=\"path-view\" id=\"path-{c.Id}\"><h3>Connection {c.Id} across the points</h3><p>{HtmlText.Encode(string.Join("; ", at))}</p>");
            var svg = new StringBuilder();
            PathLadderSvg.Write(svg, r, c);
            html.Append(svg);
            int more = (c.Ladder?.Count ?? 0) - PathLadderSvg.Rows(c) + c.LadderDropped;
            if (more > 0) html.Append(Inv, $"<p class=\"note\">{more} more segments not drawn.</p>");
            html.Append("</div>");
        }
        html.Append("</section>");
    }

    private static void Conversations(StringBuilder html, ReportModel model)
    {
        html.Append("<section id=\"conversations\"><h2>TCP conversations</h2>");
        html.Append("<p><input type=\"search\" class=\"table-filter\" data-table=\"conversation-table\" placeholder=\"Filter rows (address, port, state…)\" aria-label=\"Filter conversations\"></p>");
        if (model.ConversationsNotShown > 0)
            html.Append(Inv, $"<p class=\"note\">The {model.Conversations.Count} busiest conversations are listed; {model.ConversationsNotShown} more are not (`wirecase conv` lists them all).</p>");
        html.Append("<table id=\"conversation-table\" class=\"sortable\"><thead><tr>");
        foreach (var (name, type) in new[] { ("Stream", "n"), ("Address A", "s"), ("Address B", "s"), ("State", "s"), ("History", "s"), ("Packets A→B", "n"), ("Bytes A→B", "n"), ("Packets B→A", "n"), ("Bytes B→A", "n"), ("Rel start (s)", "n"), ("Duration (s)", "n"), ("Retrans", "n"), ("RTT (ms)", "n") })
            html.Append(Inv, $"<th data-type=\"{type}\">{name}</th>");
        html.Append("</tr></thead><tbody>");
        foreach (var c in model.Conversations)
        {
            string stream = (c.Point is null ? "" : c.Point + " ") + c.Stream.ToString(Inv);
            string streamCell = c.ViewId is null ? HtmlText.Encode(stream) : $"<a href=\"#{c.ViewId}\">{HtmlText.Encode(stream)}</a>";
            html.Append(Inv, $"<tr><td class=\"n\" data-v=\"{c.Stream}\">{streamCell}</td><td>{HtmlText.Encode(c.A)}</td><td>{HtmlText.Encode(c.B)}</td><td>{HtmlText.Encode(c.State)}</td><td>{HtmlText.Encode(c.History)}</td>");
            html.Append(Inv, $"<td class=\"n\">{c.PacketsAtoB}</td><td class=\"n\">{c.BytesAtoB}</td><td class=\"n\">{c.PacketsBtoA}</td><td class=\"n\">{c.BytesBtoA}</td>");
            html.Append(Inv, $"<td class=\"n\">{c.StartSeconds.ToString("0.000000", Inv)}</td><td class=\"n\">{c.DurationSeconds.ToString("0.000000", Inv)}</td><td class=\"n\">{c.Retransmissions}</td><td class=\"n\">{(c.RttMs is double rtt ? rtt.ToString("0.###", Inv) : "")}</td></tr>");
        }
        html.Append("</tbody></table></section>");
    }

    private static void Connections(StringBuilder html, ReportModel model, string? packetFilterUrl)
    {
        html.Append("<section id=\"connections\"><h2>Connections the findings cite</h2>");
        if (model.Connections.Count == 0) html.Append("<p class=\"none\">No finding cites a TCP connection.</p>");
        if (model.CitedConnectionsNotShown > 0)
            html.Append(Inv, $"<p class=\"note\">{model.CitedConnectionsNotShown} more cited connections are not drawn (`wirecase write --finding ID` extracts them).</p>");
        foreach (var v in model.Connections)
        {
            html.Append(Inv, $"<article class=\"connection\" id=\"{v.Id}\"><h3>{HtmlText.Encode(v.Title)}</h3>");
            html.Append(Inv, $"<p class=\"meta\">State {HtmlText.Encode(v.State)} · started {HtmlText.Encode(v.Start?.ToString("yyyy-MM-dd HH:mm:ss.ffffff", Inv) ?? "—")} UTC · cited by ");
            html.Append(string.Join(", ", v.CitedBy.Select(a => $"<a href=\"#{a}\">{a.Replace("finding-", "finding ", StringComparison.Ordinal)}</a>")));
            html.Append("</p>");
            if (v.SegmentsNotShown > 0) html.Append(Inv, $"<p class=\"note\">The first {v.Segments.Count} segments are shown; {v.SegmentsNotShown} later ones are not.</p>");
            var svg = new StringBuilder();
            html.Append("<h4>Ladder</h4>");
            var (from, count) = LadderSvg.Window(v.Segments);
            if (count < v.Segments.Count) html.Append(Inv, $"<p class=\"note\">Segments {from + 1}–{from + count} of {v.Segments.Count}, around the first evidence frame.</p>");
            LadderSvg.Write(svg, v);
            html.Append("<div class=\"scroll\">").Append(svg).Append("</div>");
            foreach (bool fromOriginator in new[] { true, false })
            {
                if (!TimeSequenceSvg.HasData(v, fromOriginator)) continue;
                svg.Clear();
                TimeSequenceSvg.Write(svg, v, fromOriginator);
                html.Append(Inv, $"<h4>Time-sequence graph: {HtmlText.Encode(fromOriginator ? v.Originator : v.Responder)} → {HtmlText.Encode(fromOriginator ? v.Responder : v.Originator)}</h4>");
                html.Append("<p class=\"legend\"><span class=\"k data\">data</span> <span class=\"k retrans\">retransmission</span> <span class=\"k ack\">ACK</span> <span class=\"k window\">receive window</span> <span class=\"k sack\">SACK</span></p>");
                html.Append("<div class=\"scroll\">").Append(svg).Append("</div>");
            }
            if (RateSvg.HasRtt(v))
            {
                svg.Clear();
                RateSvg.WriteRtt(svg, v);
                html.Append("<h4>RTT over time</h4><div class=\"scroll\">").Append(svg).Append("</div>");
            }
            if (v.Segments.Count > 0)
            {
                svg.Clear();
                RateSvg.WriteThroughput(svg, v);
                html.Append(Inv, $"<h4>Throughput over time</h4><p class=\"legend\"><span class=\"k a\">{HtmlText.Encode(v.Originator)} →</span> <span class=\"k b\">{HtmlText.Encode(v.Responder)} →</span></p><div class=\"scroll\">").Append(svg).Append("</div>");
            }
            PacketList(html, v, packetFilterUrl);
            html.Append("</article>");
        }
        html.Append("</section>");
    }

    private static void PacketList(StringBuilder html, ConnectionView v, string? packetFilterUrl)
    {
        string tableId = "packets-" + v.Id;
        html.Append("<h4>Packets</h4><p>");
        if (packetFilterUrl is not null)
            html.Append(Inv, $"<input type=\"text\" class=\"display-filter\" data-table=\"{tableId}\" data-stream=\"{v.Stream}\" placeholder=\"Display filter, e.g. tcp.analysis.retransmission\" aria-label=\"Display filter\"> <span class=\"filter-status\" data-for=\"{tableId}\"></span> ");
        html.Append(Inv, $"<input type=\"search\" class=\"table-filter\" data-table=\"{tableId}\" placeholder=\"Filter rows by text\" aria-label=\"Filter packets\"></p>");
        html.Append(Inv, $"<table id=\"{tableId}\" class=\"packets sortable\"><thead><tr><th data-type=\"n\">Frame</th><th data-type=\"n\">Time (s)</th><th data-type=\"s\">Direction</th><th data-type=\"s\">Flags</th><th data-type=\"n\">Seq</th><th data-type=\"n\">Ack</th><th data-type=\"n\">Len</th><th data-type=\"n\">Win</th><th data-type=\"n\">ACK RTT (ms)</th><th data-type=\"s\">Analysis</th></tr></thead><tbody>");
        foreach (var s in v.Segments)
        {
            string css = (s.Retransmitted ? "retrans" : s.Analysis.Count > 0 ? "flagged" : "") + (s.Evidence ? " evidence" : "");
            html.Append(Inv, $"<tr id=\"pkt-{v.Id}-{HtmlText.Attr(s.Frame)}\" data-frame=\"{HtmlText.Attr(s.Frame)}\" class=\"{css.Trim()}\"><td class=\"n\" data-v=\"{s.FrameId}\">{HtmlText.Encode(s.Frame)}</td><td class=\"n\">{s.Time.ToString("0.000000", Inv)}</td>");
            html.Append(Inv, $"<td>{(s.FromOriginator ? "→" : "←")}</td><td>{HtmlText.Encode(s.Flags)}</td><td class=\"n\">{s.Seq}</td><td class=\"n\">{(s.HasAck ? s.Ack.ToString(Inv) : "")}</td><td class=\"n\">{s.Length}</td><td class=\"n\">{s.Window}</td>");
            html.Append(Inv, $"<td class=\"n\">{(s.AckRttMs is double rtt ? rtt.ToString("0.###", Inv) : "")}</td><td>{HtmlText.Encode(string.Join(", ", s.Analysis))}</td></tr>");
        }
        html.Append("</tbody></table>");
    }

    private static string Resource(string name)
    {
        using var stream = typeof(HtmlReportWriter).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"missing resource {name}");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
