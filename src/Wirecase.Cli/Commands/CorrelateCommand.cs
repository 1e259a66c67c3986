using System.CommandLine;
using Wirecase.Capture;
using Wirecase.Cli.Output;
using Wirecase.Correlation;
using Wirecase.Correlation.Points;
using Wirecase.Diagnosis.Paths;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase correlate FILE...`: captures of the same traffic at several points, matched packet by packet.</summary>
internal static class CorrelateCommand
{
    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files")
        {
            Arity = ArgumentArity.ZeroOrMore,
            Description = "Capture files taken at different points at the same time (a ring buffer's files are put together as one point).",
        };
        var json = CommonOptions.Json();
        var points = new PointOptions();
        var ladder = new Option<string?>("--ladder")
        {
            Description = "Print the ladder of these connections: 'all', 'problems' (default: the connections the findings cite), 'none', or connection ids such as 0,3.",
        };
        var command = new Command("correlate", "Match captures taken at several points: clock offsets, NAT mappings, and per hop which packets passed, were lost, appeared, changed or were delayed.")
        {
            files, json, ladder,
        };
        foreach (var o in points.All) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var request = points.Parse(parse, parse.GetValue(files) ?? [], console);
            if (request is null) return ExitCodes.Usage;
            return Run(request, parse.GetValue(json), parse.GetValue(ladder) ?? "findings", console);
        });
        return command;
    }

    private static int Run(PointOptions.Request request, bool json, string ladder, CliConsole console)
    {
        var files = request.Files;
        if (files.Count < 2)
        {
            console.Error.WriteLine("wirecase: correlate needs captures from at least two points (give two or more files)");
            return ExitCodes.Usage;
        }
        if (files.Contains("-"))
        {
            console.Error.WriteLine("wirecase: correlate reads each file twice and cannot read stdin");
            return ExitCodes.Usage;
        }
        if (request.Plan(console.Error) is not { } plan) return ExitCodes.NothingRead;
        if (plan.Points.Count < 2)
        {
            console.Error.WriteLine($"wirecase: the files are one capture point (they follow each other in time and share no packet); name the points with --point if they were taken at different places");
            return ExitCodes.Usage;
        }
        Correlation.Results.CorrelationResult result;
        try
        {
            result = Correlator.Run(plan, request.Options);
        }
        catch (CaptureException e)
        {
            console.Error.WriteLine($"wirecase: {e.Message}");
            return ExitCodes.NothingRead;
        }
        foreach (var d in result.Damages) console.Error.WriteLine($"wirecase: {d} (frames before it were used)");
        var findings = PathDiagnoser.Diagnose(result);
        if (json)
        {
            using var buffered = console.OpenBuffered();
            CorrelationJsonWriter.Write(buffered, result, findings);
        }
        else
        {
            using var w = console.OpenText();
            CorrelationTextWriter.Write(w, result, findings, ladder);
        }
        return ExitCodes.Success;
    }
}
