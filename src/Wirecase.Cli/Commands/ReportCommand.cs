using System.CommandLine;
using System.Text;
using Wirecase.Capture;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;
using Wirecase.Reports.Html;
using Wirecase.Reports.Model;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase report FILE... -o report.html`: the analysis as one self-contained HTML page.</summary>
internal static class ReportCommand
{
    public static Command Create(CliConsole console)
    {
        var files = CommonOptions.Files();
        files.Arity = ArgumentArity.ZeroOrMore;
        var points = new PointOptions();
        var output = new Option<string>("-o", "--output", "--html") { Description = "The HTML file to write ('-' for standard output).", Required = true };
        var views = new Option<int>("--max-connections") { Description = "How many cited connections get a ladder, graphs and a packet list.", DefaultValueFactory = _ => new ReportOptions().MaxConnectionViews };
        var segments = new Option<int>("--max-segments") { Description = "Segments kept per drawn connection (the first ones).", DefaultValueFactory = _ => new ReportOptions().MaxSegmentsPerConnection };
        var command = new Command("report", "Write the analysis as one self-contained HTML page (opens from disk, prints, no network): the capture summary, the findings with evidence and next steps, the conversations, and for each connection a finding cites a ladder diagram, a time-sequence graph, RTT and throughput over time and its packet list.")
        {
            files, output, views, segments,
        };
        foreach (var o in points.All) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var request = points.ParseWithFiles(parse, parse.GetValue(files) ?? [], "report", console);
            if (request is null) return ExitCodes.Usage;
            if (request.Files.Contains("-"))
            {
                console.Error.WriteLine("wirecase: report reads the captures twice (the analysis, then the cited connections) and cannot read stdin");
                return ExitCodes.Usage;
            }
            int maxViews = parse.GetValue(views), maxSegments = parse.GetValue(segments);
            if (maxViews < 0 || maxSegments < 1)
            {
                console.Error.WriteLine("wirecase: --max-connections must be 0 or more and --max-segments 1 or more");
                return ExitCodes.Usage;
            }
            var options = new ReportOptions { MaxConnectionViews = maxViews, MaxSegmentsPerConnection = maxSegments };
            return Run(request, parse.GetValue(output)!, options, console);
        });
        return command;
    }

    private static int Run(PointOptions.Request request, string path, ReportOptions options, CliConsole console)
    {
        var files = request.Files;
        if (path != "-" && Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder && !Directory.Exists(folder))
        {
            console.Error.WriteLine($"wirecase: cannot write {path}: the folder {folder} does not exist");
            return ExitCodes.Usage;
        }
        var correlation = AnalyzeCommand.Correlation(request, console);
        ReportModel model;
        int exit;
        using (var run = CaptureRun.Open(files, console))
        {
            if (run is null) return ExitCodes.NothingRead;
            if (correlation is not null && !correlation.Prepare(run.Set)) correlation = null;
            run.StartProgress();
            var facts = CaptureFacts.Collect(run.Set, run.CountFrame, null, correlation);
            exit = run.Finish();
            var findings = Diagnoser.Diagnose(facts);
            string title = string.Join(", ", files.Select(Path.GetFileName));
            model = ReportBuilder.Build(title, facts, findings, () =>
            {
                var set = CaptureSet.Open(files);
                correlation?.Prepare(set);
                return set;
            }, options);
        }
        if (path == "-")
        {
            using var w = console.OpenText();
            HtmlReportWriter.Write(w, model);
            return exit;
        }
        // Written next to the target and renamed into place: an interrupted run leaves no half report.
        string full = Path.GetFullPath(path);
        string temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var w = new StreamWriter(temp, false, new UTF8Encoding(false)))
                HtmlReportWriter.Write(w, model);
            File.Move(temp, full, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(temp); }
            catch (Exception gone) when (gone is IOException or UnauthorizedAccessException) { }
            console.Error.WriteLine($"wirecase: cannot write {path}: {e.Message}");
            return ExitCodes.Usage;
        }
        console.Error.WriteLine($"wirecase: report written to {path} ({model.Findings.Count} finding(s), {model.Connections.Count} connection view(s))");
        return exit;
    }
}
