using System.CommandLine;
using Wirecase.Cli.Output;
using Wirecase.Diagnosis;
using Wirecase.Diagnosis.Facts;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase analyze FILE...`: what was captured, then the findings ranked, with evidence and next steps.</summary>
internal static class AnalyzeCommand
{
    public static Command Create(CliConsole console)
    {
        var files = CommonOptions.Files();
        var json = CommonOptions.Json();
        var markers = new Option<string?>("--between-markers")
        {
            Description = "Analyse only the frames between the user's ping markers, given as the two ICMP data sizes (e.g. 22,33 for `ping -l 22` before and `ping -l 33` after reproducing the problem).",
        };
        var command = new Command("analyze", "Diagnose the capture: findings ranked by severity, each with its explanation, evidence frames (Wireshark's numbers), what the capture cannot tell and the next step.")
        {
            files, json, markers,
        };
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
            return Run(parse.GetValue(files)!, parse.GetValue(json), sizes, console);
        });
        return command;
    }

    private static int Run(string[] files, bool json, (int First, int Second)? markers, CliConsole console)
    {
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
        using var run = CaptureRun.Open(files, console);
        if (run is null) return ExitCodes.NothingRead;
        run.StartProgress();
        var facts = CaptureFacts.Collect(run.Set, run.CountFrame, window);
        int exit = run.Finish();
        var findings = Diagnoser.Diagnose(facts);
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

    private static string Where(string? file, long frame) => file is null ? $"frame {frame}" : $"{file}#{frame}";
}
