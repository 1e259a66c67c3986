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
        var which = new Argument<string>("stream")
        {
            Description = "The stream number as Wireshark shows it (tcp.stream), or two endpoints: ADDR:PORT,ADDR:PORT (IPv6 as [ADDR]:PORT).",
        };
        var file = new Argument<string>("file") { Description = "The capture file ('-' for stdin)." };
        var format = new Option<string>("--format") { Description = "text (default: printable bytes, others as '.') or hex.", DefaultValueFactory = _ => "text" };
        format.AcceptOnlyFromAmong("text", "hex");
        var command = new Command("follow", "Show one TCP connection's payload in both directions, in order, with gaps (lost or not captured data) marked.")
        {
            protocol, which, file, format,
        };
        command.SetAction(parse => Run(parse.GetValue(which)!, parse.GetValue(file)!, parse.GetValue(format)!, console));
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
