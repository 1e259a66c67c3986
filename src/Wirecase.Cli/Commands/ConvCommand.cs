using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using Wirecase.Capture;
using Wirecase.Cli.Output;
using Wirecase.Cli.Output.Terminal;
using Wirecase.Flows;
using Wirecase.Flows.Conversations;
using Wirecase.Flows.Pipeline;
using Wirecase.Flows.Reassembly;
using Wirecase.Flows.Storage;
using Wirecase.Flows.Tcp;

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
        // Hidden: for tests that make the engine let go of connections early and often (the output must not change).
        var retirement = new Option<string?>("--retirement")
        {
            Hidden = true,
            Description = "CLOSED,IDLE,MAX,REMEMBER: seconds a closed connection lingers, seconds an open one may idle, connections held at most, seconds a let-go 4-tuple is remembered.",
        };
        var command = new Command("conv", "Conversations like Wireshark's: packets and bytes each way, start, duration, bit rates; for TCP also state, history, retransmissions, RTT and gaps.")
        {
            files, json, sort, display, retirement,
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
            var policy = new TcpRetirementPolicy();
            if (parse.GetValue(retirement) is { } spec)
            {
                var parts = spec.Split(',');
                if (parts.Length != 4 || !Seconds(parts[0], out var closed) || !Seconds(parts[1], out var idle) ||
                    !int.TryParse(parts[2], out int max) || max < 1 || !Seconds(parts[3], out var remember))
                {
                    console.Error.WriteLine("wirecase: --retirement takes CLOSED,IDLE,MAX,REMEMBER (seconds, seconds, count, seconds)");
                    return ExitCodes.Usage;
                }
                policy = policy with
                {
                    ClosedLinger = closed, IdleTimeout = idle, MaxLiveConnections = max, RememberFor = remember,
                };
            }
            return Run(kind, args, parse.GetValue(json), parse.GetValue(sort)!, matched, policy, console);
        });
        return command;
    }

    /// <summary>A number of seconds, at least 0 (1e9 or more: forever).</summary>
    private static bool Seconds(string text, out TimeSpan value)
    {
        value = TimeSpan.Zero;
        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) || double.IsNaN(s) || s < 0) return false;
        value = s >= 1e9 ? TimeSpan.MaxValue : TimeSpan.FromSeconds(s);
        return true;
    }

    private static int Run(string kind, string[] files, bool json, string sort, MatchedTraffic? matched, TcpRetirementPolicy retirement,
        CliConsole console)
    {
        using var run = CaptureRun.Open(files, console);
        if (run is null) return ExitCodes.NothingRead;
        var readers = run.Set.Readers;
        // What is listed and in which order is known before reading: rows are put in order as they are made.
        Func<ConversationRow, string?, bool>? keep = matched is null ? null : kind switch
        {
            "tcp" => (r, file) => r.Tcp is { } c && matched.Streams.Contains((file, c.Stream)),
            "udp" => (r, file) => matched.HasPair(file, r.AddressA, r.PortA, r.AddressB, r.PortB, 17),
            _ => (r, file) => matched.HasHosts(file, r.AddressA, r.AddressB),
        };
        var widths = json || console.Terminal is not null ? null : new ConversationTextWriter.EndpointWidths(kind);
        var selection = new ConversationSelection(sort, keep, widths is null ? null : widths.Observe);
        var stores = readers.Select((r, i) => new ConversationRowStore(readers.Count > 1 ? Path.GetFileName(r.FileName) : null, i, selection)).ToArray();
        // TCP rows are made as the engine lets go of each connection and stored on a thread of their own.
        var handOffs = kind == "tcp" ? stores.Select(s => new ConversationRowHandOff(s)).ToArray() : [];
        try
        {
            return Run(kind, json, widths, retirement, console, run, stores, handOffs);
        }
        catch (SpillFileException e)
        {
            console.Error.WriteLine($"wirecase: {e.Message}");
            return ExitCodes.Failed;
        }
        finally
        {
            foreach (var handOff in handOffs) handOff.Dispose();
            foreach (var store in stores) store.Dispose();
        }
    }

    private const int PrefetchAhead = 8;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    private static int Run(string kind, bool json, ConversationTextWriter.EndpointWidths? widths, TcpRetirementPolicy retirement,
        CliConsole console, CaptureRun run, ConversationRowStore[] stores, ConversationRowHandOff[] handOffs)
    {
        var set = run.Set;
        bool tcp = kind == "tcp";
        // TCP: the engine lets go of each connection once it is over (or idle) and its row is all that is kept, so
        // memory follows the connections in progress, not the length of the capture.
        // UDP and IP: only the conversation counts, no TCP engine (whose connections would all be kept to the end).
        var trackers = tcp
            ? handOffs.Select(rows => new FlowTracker(_ => DiscardingSink.Instance, retirement: retirement, retired: rows.AddTcp)).ToArray()
            : [];
        var tables = tcp ? [] : stores.Select(_ => new ConversationTable()).ToArray();
        long first = long.MaxValue;
        run.StartProgress();
        // Decoding runs on a second thread ahead of the flow tracking done here. No conversation column depends on
        // checksums (Wireshark does not check them by default either), so they are not summed.
        using (var pipeline = new DecodingPipeline(set, run.CountFrame, verifyChecksums: false, tcpKeys: tcp))
        {
            while (pipeline.Next() is { } batch)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    // The connection lookup of a segment a few frames on, started now (its hash came with the batch);
                    // for a SYN, also its lookup among the connections let go of.
                    if (tcp && i + PrefetchAhead < batch.Count && batch[i + PrefetchAhead].TcpKeyHash is var ahead and not 0)
                    {
                        ref var next = ref batch[i + PrefetchAhead];
                        var table = trackers[next.FileIndex].Tcp;
                        table.Prefetch(ahead);
                        if (next.TcpSynRememberedHash != 0) table.PrefetchRemembered(next.TcpSynRememberedHash);
                    }
                    ref var f = ref batch[i];
                    if (f.HasTimestamp && f.TimestampNs < first) first = f.TimestampNs;
                    if (tcp) trackers[f.FileIndex].ProcessDecoded(f.Number, f.TimestampNs, f.Kind, f.Packet, batch.Payload(f), f.TcpKeyHash, out _);
                    else if (f.Kind == FrameKind.Packet) tables[f.FileIndex].Add(f.Packet, f.Number, f.TimestampNs);
                }
                pipeline.Return(batch);
            }
        }
        int exit = run.Finish();
        for (int i = 0; i < stores.Length; i++)
        {
            if (tcp)
            {
                trackers[i].Finish(set.Readers[i].FramesRead);
                handOffs[i].Complete();
            }
            else
                foreach (var c in kind == "udp" ? tables[i].Udp : tables[i].Ip)
                    stores[i].Add(ConversationRows.FromConversation(c, i));
            stores[i].ShiftStarts(first == long.MaxValue ? 0 : first);
        }
        var rows = ConversationRowList.Merge(stores);   // writes the last runs: before the check that follows
        // A full or unusable temporary directory costs memory, not results: say so once.
        foreach (var problem in stores.Select(s => s.SpillProblem).Concat(trackers.Select(t => t.Tcp.SpillProblem)).OfType<string>().Distinct())
            console.Error.WriteLine($"wirecase: warning: {problem}; kept in memory instead");
        if (json)
        {
            using var buffered = console.OpenBuffered();
            ConversationJsonWriter.Write(buffered, kind, rows);
        }
        else
        {
            using var w = console.OpenText();
            if (console.Terminal is { } terminal) ConversationTerminal.Write(TerminalView.Create(w, terminal), kind, rows);
            else ConversationTextWriter.Write(w, kind, rows, widths!);
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
