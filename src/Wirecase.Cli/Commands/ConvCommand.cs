using System.CommandLine;
using System.Runtime.CompilerServices;
using Wirecase.Cli.Output;
using Wirecase.Cli.Output.Terminal;
using Wirecase.Flows;
using Wirecase.Flows.Pipeline;
using Wirecase.Flows.Reassembly;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase conv [tcp|udp|ip] FILE...`: Wireshark's Statistics → Conversations, plus for TCP the state,
/// history, retransmissions, RTT and payload gaps found by reassembling every connection.</summary>
internal static class ConvCommand
{
    public static readonly string[] Kinds = ["tcp", "udp", "ip"];
    public static readonly string[] SortKeys = ["frames", "bytes", "start", "duration", "stream", "retransmissions"];

    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Optionally tcp (default), udp or ip, then the capture files ('-' for stdin).",
        };
        var json = CommonOptions.Json();
        var sort = new Option<string>("--sort") { Description = "Order rows by frames (default, like Wireshark), bytes, start, duration, stream or retransmissions.", DefaultValueFactory = _ => "frames" };
        sort.AcceptOnlyFromAmong(SortKeys);
        var display = CommonOptions.DisplayFilter();
        display.Description = "Only the conversations with a frame matching this display filter (each listed whole, with all its frames).";
        var command = new Command("conv", "Conversations like Wireshark's: packets and bytes each way, start, duration, bit rates; for TCP also state, history, retransmissions, RTT and gaps.")
        {
            files, json, sort, display,
        };
        command.SetAction(parse =>
        {
            var args = parse.GetValue(files)!;
            // `conv tcp f.pcap`: a leading kind word that is not a file names the conversation kind.
            string kind = "tcp";
            if (args.Length > 1 && Kinds.Contains(args[0]) && !File.Exists(args[0]))
            {
                kind = args[0];
                args = args[1..];
            }
            MatchedTraffic? matched = null;
            if (parse.GetValue(display) is { } text)
            {
                var filter = FrameFilter.Create(text, args, console);
                if (filter is null) return ExitCodes.Usage;
                matched = MatchedTraffic.Collect(args, filter, console);
                if (matched is null) return ExitCodes.Usage;
            }
            return Run(kind, args, parse.GetValue(json), parse.GetValue(sort)!, matched, console);
        });
        return command;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    private static int Run(string kind, string[] files, bool json, string sort, MatchedTraffic? matched, CliConsole console)
    {
        using var run = CaptureRun.Open(files, console);
        if (run is null) return ExitCodes.NothingRead;
        var set = run.Set;
        bool tcp = kind == "tcp";
        var trackers = set.Readers.Select(_ => new FlowTracker(tcp ? _ => DiscardingSink.Instance : null, countConversations: !tcp)).ToArray();
        long first = long.MaxValue;
        run.StartProgress();
        // Decoding runs on a second thread ahead of the flow tracking done here.
        using (var pipeline = new DecodingPipeline(set, run.CountFrame))
        {
            while (pipeline.Next() is { } batch)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    ref var f = ref batch[i];
                    if (f.HasTimestamp && f.TimestampNs < first) first = f.TimestampNs;
                    trackers[f.FileIndex].ProcessDecoded(f.Number, f.TimestampNs, f.Kind, f.Packet, batch.Payload(f), out _);
                }
                pipeline.Return(batch);
            }
        }
        int exit = run.Finish();
        foreach (var (t, r) in trackers.Zip(set.Readers)) t.Finish(r.FramesRead);
        var rows = ConversationRows.Build(kind, trackers, set.Readers.Select(r => r.FileName).ToArray(), first == long.MaxValue ? 0 : first);
        if (matched is not null)
            rows = [.. rows.Where(r => kind switch
            {
                "tcp" => r.Tcp is { } c && matched.Streams.Contains((r.File, c.Stream)),
                "udp" => matched.HasPair(r.File, r.AddressA, r.PortA, r.AddressB, r.PortB, 17),
                _ => matched.HasHosts(r.File, r.AddressA, r.AddressB),
            })];
        rows = ConversationRows.Sort(rows, sort);
        if (json)
        {
            using var buffered = console.OpenBuffered();
            ConversationJsonWriter.Write(buffered, kind, rows);
        }
        else
        {
            using var w = console.OpenText();
            if (console.Terminal is { } terminal) ConversationTerminal.Write(TerminalView.Create(w, terminal), kind, rows);
            else ConversationTextWriter.Write(w, kind, rows);
        }
        return exit;
    }
}

/// <summary>Reassembly without a consumer: the reassemblers still count what was delivered and the gaps.</summary>
internal sealed class DiscardingSink : IStreamSink
{
    public static readonly DiscardingSink Instance = new();

    public void OnData(bool fromOriginator, FrameTime frame, long streamOffset, ReadOnlySpan<byte> data) { }
    public void OnGap(bool fromOriginator, FrameTime frame, long streamOffset, long length, GapReason reason) { }
}
