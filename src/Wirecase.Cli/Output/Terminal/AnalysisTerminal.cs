using System.Globalization;
using Spectre.Console;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;

namespace Wirecase.Cli.Output.Terminal;

/// <summary>`wirecase analyze` on a terminal: what was captured as a table, then each finding in a panel coloured by
/// severity with its evidence, what the capture cannot tell and the next step.</summary>
internal static class AnalysisTerminal
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static void Write(IAnsiConsole console, CaptureFacts facts, IReadOnlyList<Finding> findings, Action<TextWriter> correlation)
    {
        var summary = new Table().Border(TableBorder.Rounded).Title("What was captured");
        foreach (var (name, right) in new[] { ("capture", false), ("frames", true), ("start (UTC)", false), ("duration s", true), ("TCP", true), ("SMTP", true), ("TLS", true), ("HTTP", true), ("DNS", true) })
            summary.AddColumn(right ? new TableColumn(name).RightAligned() : new TableColumn(name));
        foreach (var f in facts.Points)
        {
            double seconds = f.LastNs >= f.FirstNs ? (f.LastNs - f.FirstNs) / 1e9 : 0;
            string start = f.FirstNs == long.MaxValue ? "-" : DateTimeOffset.FromUnixTimeMilliseconds(f.FirstNs / 1_000_000).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", Inv);
            string name = f.Name ?? (f.Files.Count > 0 ? string.Join(", ", f.Files) : "capture");
            summary.AddRow(Markup.Escape(name), f.Frames.ToString(Inv), start, seconds.ToString("0.###", Inv), f.Connections.Count.ToString(Inv),
                f.Application.Smtp.Count.ToString(Inv), f.Application.Tls.Count.ToString(Inv), f.Application.Http.Count.ToString(Inv),
                f.Application.Dns.Exchanges.Count.ToString(Inv));
        }
        console.Write(summary);
        if (facts.Correlated is not null)
        {
            var text = new StringWriter();
            correlation(text);
            console.Write(new Text(text.ToString()));
        }
        int problems = findings.Count(x => x.Severity >= Severity.Warning);
        console.Write(new Rule(problems == 0 ? "No problems found" : $"{problems} problem{(problems == 1 ? "" : "s")} found") { Justification = Justify.Left });
        int n = 0;
        foreach (var f in findings)
        {
            string colour = TerminalView.Colour(f.Severity);
            var body = new List<Spectre.Console.Rendering.IRenderable>
            {
                new Markup($"[dim]{Markup.Escape(f.Id)} · confidence {f.Confidence.ToString("0.00", Inv)}[/]"),
                new Text(f.Explanation),
            };
            if (f.Evidence.Count > 0)
            {
                var evidence = new Table().Border(TableBorder.Simple).AddColumn("frame").AddColumn("what it shows");
                foreach (var e in f.Evidence)
                    evidence.AddRow(Markup.Escape((e.File is null ? "" : e.File + "#") + e.Frame.ToString(Inv)), Markup.Escape(e.What));
                body.Add(evidence);
            }
            foreach (var c in f.Connections) body.Add(new Markup($"[dim]connection:[/] {Markup.Escape(c)}"));
            if (f.CannotTell.Length > 0) body.Add(new Markup($"[dim]Cannot tell:[/] {Markup.Escape(f.CannotTell)}"));
            if (f.NextStep.Length > 0) body.Add(new Markup($"[bold]Next step:[/] {Markup.Escape(f.NextStep)}"));
            var panel = new Panel(new Rows(body))
            {
                Header = new PanelHeader($"[{colour} bold]{++n}. {f.Severity.ToString().ToUpperInvariant()}[/] {Markup.Escape(f.Title)}"),
                Border = BoxBorder.Rounded,
                BorderStyle = new Style(Color.FromConsoleColor(f.Severity switch
                {
                    Severity.Error => ConsoleColor.Red,
                    Severity.Warning => ConsoleColor.Yellow,
                    _ => ConsoleColor.Blue,
                })),
                Expand = true,
            };
            console.Write(panel);
        }
    }
}
