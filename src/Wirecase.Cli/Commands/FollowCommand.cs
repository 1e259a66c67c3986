using System.CommandLine;
using System.Globalization;
using Wirecase.Cli.Output;
using Wirecase.Flows;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase follow tcp N FILE`: one connection's payload both ways, reassembled, with gaps marked.</summary>
internal static class FollowCommand
{
    public static Command Create(CliConsole console)
    {
        var protocol = new Argument<string>("protocol") { Description = "tcp" };
        protocol.AcceptOnlyFromAmong("tcp");
        var rest = new Argument<string[]>("stream-and-file")
        {
            Arity = new ArgumentArity(1, 2),
            Description = "STREAM FILE: the stream number as Wireshark shows it (tcp.stream) or two endpoints ADDR:PORT,ADDR:PORT (IPv6 as [ADDR]:PORT), then the capture file ('-' for stdin). With -Y, just FILE.",
        };
        var display = CommonOptions.DisplayFilter();
        display.Description = "Follow the first TCP connection with a frame matching this display filter (instead of giving its stream).";
        var format = new Option<string>("--format") { Description = "text (default: printable bytes, others as '.') or hex.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "hex");
        var command = new Command("follow", "Show one TCP connection's payload in both directions, in order, with gaps (lost or not captured data) marked.")
        {
            protocol, rest, format, display,
        };
        command.SetAction(parse =>
        {
            var args = parse.GetValue(rest)!;
            string? filterText = parse.GetValue(display);
            if (filterText is null && args.Length != 2 || filterText is not null && args.Length != 1)
            {
                console.Error.WriteLine(filterText is null
                    ? "wirecase: follow needs a stream (number or ADDR:PORT,ADDR:PORT) and a file, or -Y FILTER and a file"
                    : "wirecase: with -Y, follow takes just the file (the filter chooses the connection)");
                return ExitCodes.Usage;
            }
            string file = args[^1];
            if (filterText is null) return Run(args[0], file, parse.GetValue(format)!, console);
            var filter = FrameFilter.Create(filterText, [file], console);
            if (filter is null) return ExitCodes.Usage;
            var matched = MatchedTraffic.Collect([file], filter, console);
            if (matched is null) return ExitCodes.Usage;
            if (matched.FirstStream is not { } first)
            {
                console.Error.WriteLine($"wirecase: no TCP frame in {file} matches '{filterText}'");
                return ExitCodes.NothingRead;
            }
            return Run(first.Stream.ToString(CultureInfo.InvariantCulture), file, parse.GetValue(format)!, console);
        });
        return command;
    }

    private static int Run(string which, string file, string format, CliConsole console)
    {
        Func<TcpConnection, bool> select;
        if (int.TryParse(which, NumberStyles.None, CultureInfo.InvariantCulture, out int stream)) select = c => c.Stream == stream;
        else if (EndpointPair.TryParse(which, out var pair)) select = pair.Matches;
        else
        {
            console.Error.WriteLine($"wirecase: '{which}' is neither a stream number nor ADDR:PORT,ADDR:PORT");
            return ExitCodes.Usage;
        }
        using var run = CaptureRun.Open([file], console);
        if (run is null) return ExitCodes.NothingRead;
        using var writer = console.OpenText();
        var sink = new FollowWriter(writer, hex: format == "hex");
        TcpConnection? chosen = null;
        var tracker = new FlowTracker(c =>
        {
            if (chosen is not null || !select(c)) return null;
            chosen = c;
            sink.Begin(c);
            return sink;
        });
        var packet = new DecodedPacket();
        run.StartProgress();
        while (run.Set.MoveNext())
        {
            tracker.Process(run.Set.Current, ref packet, out _);
            run.CountFrame();
        }
        int exit = run.Finish();
        tracker.Finish(run.Set.Readers[0].FramesRead);
        if (chosen is null)
        {
            console.Error.WriteLine($"wirecase: no TCP stream {which} in {file} ({tracker.Tcp.Connections.Count} streams, numbered 0–{Math.Max(0, tracker.Tcp.Connections.Count - 1)})");
            return ExitCodes.NothingRead;
        }
        sink.End(chosen, tracker.ReassemblerOf(chosen.Stream));
        writer.Flush();
        return exit;
    }
}
