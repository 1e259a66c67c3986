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
        var command = new Command("analyze", "Diagnose the capture: findings ranked by severity, each with its explanation, evidence frames (Wireshark's numbers), what the capture cannot tell and the next step.")
        {
            files, json,
        };
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(json), console));
        return command;
    }

    private static int Run(string[] files, bool json, CliConsole console)
    {
        using var run = CaptureRun.Open(files, console);
        if (run is null) return ExitCodes.NothingRead;
        run.StartProgress();
        var facts = CaptureFacts.Collect(run.Set, run.CountFrame);
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
}
