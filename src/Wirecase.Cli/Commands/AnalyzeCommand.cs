using System.CommandLine;
using Wirecase.Cli.Output;
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
        var markers = new Option<string?>("--between-markers")
        {
            Description = "Analyse only the frames between the user's ping markers, given as the two ICMP data sizes (e.g. 22,33 for `ping -l 22` before and `ping -l 33` after reproducing the problem).",
        };
        var display = CommonOptions.DisplayFilter();
        display.Description = "Only the findings about the traffic matching this display filter: their evidence frames match, or belong to a TCP connection with a matching frame (the analysis itself reads every frame, so TCP context is kept).";
        var command = new Command("analyze", "Diagnose the capture: findings ranked by severity, each with its explanation, evidence frames (Wireshark's numbers), what the capture cannot tell and the next step.")
        {
            files, json, markers, display,
        };
        foreach (var o in points.All) command.Options.Add(o);
        command.SetAction(parse =>
        {
            (int, int)? sizes = null;
            if (parse.GetValue(markers) is { } text)
            {
                var parts = text.Split(',');
                if (parts.Length != 2 || !int.TryParse(parts[0], out int a) || !int.TryParse(parts[1], out int b) || a < 0 || b < 0)
                {
                    console.Error.WriteLine($"wirecase: --between-markers needs two ICMP data sizes such as 22,33, not '{text}'");
                    return ExitCodes.Usage;
                }
                sizes = (a, b);
            }
            var request = points.Parse(parse, parse.GetValue(files) ?? [], console);
            if (request is null) return ExitCodes.Usage;
            if (request.Files.Count == 0)
            {
                console.Error.WriteLine("wirecase: analyze needs at least one capture file");
                return ExitCodes.Usage;
            }
            FrameFilter? filter = null;
            if (parse.GetValue(display) is { } filterText)
            {
                if (request.Files.Contains("-"))
                {
                    console.Error.WriteLine("wirecase: -Y on analyze reads the files twice and cannot read stdin");
                    return ExitCodes.Usage;
                }
                filter = FrameFilter.Create(filterText, console, () => FindingFrames.Collect(request.Files, console));
                if (filter is null) return ExitCodes.Usage;
            }
            return Run(request, parse.GetValue(json), sizes, filter, console);
        });
        return command;
    }

    private static int Run(PointOptions.Request request, bool json, (int First, int Second)? markers, FrameFilter? filter, CliConsole console)
    {
        var files = request.Files;
        MarkerWindow? window = null;
        if (markers is { } m)
        {
            if (files.Contains("-"))
            {
                console.Error.WriteLine("wirecase: --between-markers reads the files twice and cannot read stdin");
                return ExitCodes.Usage;
            }
            using var scan = CaptureRun.Open(files, console);
            if (scan is null) return ExitCodes.NothingRead;
            window = MarkerWindow.Find(scan.Set, m.First, m.Second, out var error);
            if (window is null)
            {
                console.Error.WriteLine($"wirecase: {error}");
                return ExitCodes.NothingRead;
            }
            console.Error.WriteLine($"wirecase: analysing between the markers at {Where(window.FirstFile, window.FirstFrame)} and {Where(window.SecondFile, window.SecondFrame)}");
        }
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
            AnalysisTextWriter.Write(w, facts, findings);
        }
        return exit;
    }

    /// <summary>Captures taken at several points are also matched packet by packet, in the same reading; one point
    /// (one file, or a ring buffer's files), stdin, or files that cannot be planned are analysed as before.</summary>
    private static CorrelationSession? Correlation(PointOptions.Request request, CliConsole console)
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

    private static string Where(string? file, long frame) => file is null ? $"frame {frame}" : $"{file}#{frame}";
}
