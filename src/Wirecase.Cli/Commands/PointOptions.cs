using System.CommandLine;
using Wirecase.Capture;
using Wirecase.Correlation;
using Wirecase.Correlation.Points;

namespace Wirecase.Cli.Commands;

/// <summary>The options that say where captures were taken (`--point`, `--path`, `--window`), shared by `correlate`
/// and `analyze`, and the planning of the points from them.</summary>
internal sealed class PointOptions
{
    public Option<string[]> Point { get; } = new("--point")
    {
        Description = "Name a capture point and its files: --point client=a.pcap --point fw-in=b.pcap,b2.pcap (repeat per point).",
        AllowMultipleArgumentsPerToken = false,
    };

    public Option<string?> Path { get; } = new("--path")
    {
        Description = "The order of the points from the clients' side to the servers', e.g. client,fw-in,fw-out,server (found from the packets when left out).",
    };

    public Option<double> Window { get; } = new("--window")
    {
        Description = "Seconds a packet seen at one point waits for its copies at the others (after clock correction).",
        DefaultValueFactory = _ => 10.0,
    };

    public IEnumerable<Option> All => [Point, Path, Window];

    /// <summary>What the user said about the points, checked; null (with the error written) when it does not parse.</summary>
    /// <summary><see cref="Parse"/>, and at least one capture file (given or named by --point) required.</summary>
    public Request? ParseWithFiles(ParseResult parse, IEnumerable<string> files, string command, CliConsole console)
    {
        var request = Parse(parse, files, console);
        if (request is { Files.Count: 0 })
        {
            console.Error.WriteLine($"wirecase: {command} needs at least one capture file");
            return null;
        }
        return request;
    }

    public Request? Parse(ParseResult parse, IEnumerable<string> files, CliConsole console)
    {
        var named = new List<CapturePointPlanner.NamedPoint>();
        foreach (var spec in parse.GetValue(Point) ?? [])
        {
            int eq = spec.IndexOf('=');
            if (eq <= 0 || eq == spec.Length - 1)
            {
                console.Error.WriteLine($"wirecase: --point needs NAME=FILE[,FILE...], not '{spec}'");
                return null;
            }
            named.Add(new(spec[..eq], spec[(eq + 1)..].Split(',', StringSplitOptions.RemoveEmptyEntries)));
        }
        double seconds = parse.GetValue(Window);
        if (seconds <= 0 || seconds > 3600)
        {
            console.Error.WriteLine("wirecase: --window takes seconds between 0 and 3600");
            return null;
        }
        var options = new CorrelationOptions
        {
            WindowNs = (long)(seconds * 1e9),
            Path = parse.GetValue(Path)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        var all = files.Concat(named.SelectMany(n => n.Files)).Distinct().ToList();
        return new Request(all, named, options);
    }

    /// <summary>The files of a command with what the user said about their points.</summary>
    public sealed record Request(List<string> Files, List<CapturePointPlanner.NamedPoint> Named, CorrelationOptions Options)
    {
        /// <summary>The points of the files (named, or found from their contents); null with the error written when a
        /// file cannot be read or `--path` names an unknown point.</summary>
        public CapturePointPlan? Plan(TextWriter errors)
        {
            CapturePointPlan plan;
            try
            {
                plan = CapturePointPlanner.Plan(Files, Named);
            }
            catch (CaptureException e)
            {
                errors.WriteLine($"wirecase: {e.Message}");
                return null;
            }
            if (Options.Path is { } order && order.FirstOrDefault(n => plan.Points.All(p => p.Name != n)) is { } unknown)
            {
                errors.WriteLine($"wirecase: --path names '{unknown}', which is not a point ({string.Join(", ", plan.Points.Select(p => p.Name))})");
                return null;
            }
            return plan;
        }
    }
}
