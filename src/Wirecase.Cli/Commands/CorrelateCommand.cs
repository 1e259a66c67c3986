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
        var points = new Option<string[]>("--point")
        {
            Description = "Name a capture point and its files: --point client=a.pcap --point fw-in=b.pcap,b2.pcap (repeat per point).",
            AllowMultipleArgumentsPerToken = false,
        };
        var path = new Option<string?>("--path")
        {
            Description = "The order of the points from the clients' side to the servers', e.g. client,fw-in,fw-out,server (found from the packets when left out).",
        };
        var window = new Option<double>("--window")
        {
            Description = "Seconds a packet seen at one point waits for its copies at the others (after clock correction).",
            DefaultValueFactory = _ => 10.0,
        };
        var ladder = new Option<string?>("--ladder")
        {
            Description = "Print the ladder of these connections: 'all', 'problems' (default: the connections the findings cite), 'none', or connection ids such as 0,3.",
        };
        var command = new Command("correlate", "Match captures taken at several points: clock offsets, NAT mappings, and per hop which packets passed, were lost, appeared, changed or were delayed.")
        {
            files, json, points, path, window, ladder,
        };
        command.SetAction(parse =>
        {
            var named = new List<CapturePointPlanner.NamedPoint>();
            foreach (var spec in parse.GetValue(points) ?? [])
            {
                int eq = spec.IndexOf('=');
                if (eq <= 0 || eq == spec.Length - 1)
                {
                    console.Error.WriteLine($"wirecase: --point needs NAME=FILE[,FILE...], not '{spec}'");
                    return ExitCodes.Usage;
                }
                named.Add(new(spec[..eq], spec[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries)));
            }
            var all = (parse.GetValue(files) ?? []).Concat(named.SelectMany(n => n.Files)).Distinct().ToList();
            double seconds = parse.GetValue(window);
            if (seconds <= 0 || seconds > 3600)
            {
                console.Error.WriteLine("wirecase: --window takes seconds between 0 and 3600");
                return ExitCodes.Usage;
            }
            var options = new CorrelationOptions
            {
                WindowNs = (long)(seconds * 1e9),
                Path = parse.GetValue(path)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            };
            return Run(all, named, options, parse.GetValue(json), parse.GetValue(ladder) ?? "findings", console);
        });
        return command;
    }

    private static int Run(List<string> files, List<CapturePointPlanner.NamedPoint> named, CorrelationOptions options, bool json,
        string ladder, CliConsole console)
    {
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
        CapturePointPlan plan;
        try
        {
            plan = CapturePointPlanner.Plan(files, named);
        }
        catch (CaptureException e)
        {
            console.Error.WriteLine($"wirecase: {e.Message}");
            return ExitCodes.NothingRead;
        }
        if (options.Path is { } order && order.FirstOrDefault(n => plan.Points.All(p => p.Name != n)) is { } unknown)
        {
            console.Error.WriteLine($"wirecase: --path names '{unknown}', which is not a point ({string.Join(", ", plan.Points.Select(p => p.Name))})");
            return ExitCodes.Usage;
        }
        if (plan.Points.Count < 2)
        {
            console.Error.WriteLine($"wirecase: the files are one capture point (they follow each other in time and share no packet); name the points with --point if they were taken at different places");
            return ExitCodes.Usage;
        }
        Correlation.Results.CorrelationResult result;
        try
        {
            result = Correlator.Run(plan, options);
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
