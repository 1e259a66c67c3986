using System.CommandLine;
using Wirecase.Cli.Output;
using Wirecase.Cli.Output.Terminal;
using Wirecase.Correlation;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase analyze FILE...`: what was captured, then the findings ranked, with evidence and next steps.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(CliConsole console)
    {
        var files = CommonOptions.Files();
        files.Arity = ArgumentArity.ZeroOrMore;
        var points = new PointOptions();
        var json = CommonOptions.Json();
        var markers = MarkerOption.Create();
        var display = CommonOptions.DisplayFilter();
        display.Description = "Only the findings about the traffic matching this display filter: their evidence frames match, or belong to a TCP connection with a matching frame (the analysis itself reads every frame, so TCP context is kept).";
        var command = new Command("analyze", "Diagnose the capture: findings ranked by severity, each with its explanation, evidence frames (Wireshark's numbers), what the capture cannot tell and the next step.")
        {
            files, json, markers, display,
        };
        foreach (var o in points.All) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var request = points.ParseWithFiles(parse, parse.GetValue(files) ?? [], "analyze", console);
            if (request is null) return ExitCodes.Usage;
            FrameFilter? filter = null;
            if (parse.GetValue(display) is { } filterText)
            {
                if (request.Files.Contains("-"))
                {
                    console.Error.WriteLine("wirecase: -Y on analyze reads the files twice and cannot read stdin");
                    return ExitCodes.Usage;
                }
                filter = FrameFilter.Create(filterText, request.Files, console);
                if (filter is null) return ExitCodes.Usage;
            }
            return Run(request, parse.GetValue(json), parse.GetValue(markers), filter, console);
        });
        return command;
    }

    private static int Run(PointOptions.Request request, bool json, string? markers, FrameFilter? filter, CliConsole console)
    {
        var files = request.Files;
        if (!MarkerOption.TryResolve(markers, files, console, out var window, out int failed)) return failed;
        var correlation = Correlation(request, console);
        using var run = CaptureRun.Open(files, console);
        if (run is null) return ExitCodes.NothingRead;
        if (correlation is not null && !correlation.Prepare(run.Set)) correlation = null;
        run.StartProgress();
        var facts = CaptureFacts.Collect(run.Set, run.CountFrame, window, correlation);
        int exit = run.Finish();
        var findings = Diagnoser.Diagnose(facts);
        if (filter is not null) findings = About(findings, files, filter, console);
        if (json)
        {
            using var buffered = console.OpenBuffered();
            AnalysisJsonWriter.Write(buffered, facts, findings);
        }
        else
        {
            using var w = console.OpenText();
            if (console.Terminal is { } terminal)
                AnalysisTerminal.Write(TerminalView.Create(w, terminal), facts, findings, t => CorrelationTextWriter.WritePath(t, facts.Correlated!));
            else AnalysisTextWriter.Write(w, facts, findings);
        }
        return exit;
    }

    /// <summary>Captures taken at several points are also matched packet by packet, in the same reading; one point
    /// (one file, or a ring buffer's files), stdin, or files that cannot be planned are analysed as before.</summary>
    internal static CorrelationSession? Correlation(PointOptions.Request request, CliConsole console)
    {
        if (request.Files.Count < 2 || request.Files.Contains("-"))
        {
            if (request.Named.Count > 0 || request.Options.Path is not null)
                console.Error.WriteLine("wirecase: warning: --point/--path need files from two or more points (and not stdin); analysing without matching them");
            return null;
        }
        // A file that cannot be read is reported by the analysis itself; the correlation just stays out of it.
        var plan = request.Plan(request.Named.Count > 0 || request.Options.Path is not null ? console.Error : TextWriter.Null);
        return plan is { Points.Count: >= 2 } ? new CorrelationSession(plan, request.Options) : null;
    }

    /// <summary>The findings whose evidence frames match the filter or lie in a TCP connection that has a matching frame.</summary>
    private static List<Finding> About(List<Finding> findings, List<string> files, FrameFilter filter, CliConsole console)
    {
        bool several = files.Count > 1;
        var evidence = findings.SelectMany(f => f.Evidence).Select(e => (several ? e.File : null, e.Frame)).ToHashSet();
        var matched = MatchedTraffic.Collect(files, filter, console, evidence);
        if (matched is null) return findings;
        var kept = findings.Where(f => f.Evidence.Any(e =>
        {
            var key = (several ? e.File : null, e.Frame);
            return matched.Frames.Contains(key) || (matched.StreamOf.TryGetValue(key, out int stream) && matched.Streams.Contains((key.Item1, stream)));
        })).ToList();
        if (kept.Count < findings.Count)
            console.Error.WriteLine($"wirecase: {findings.Count - kept.Count} finding(s) about traffic that does not match the filter not shown");
        return kept;
    }

}
