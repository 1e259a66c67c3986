using System.CommandLine;
using Wirecase.Cli.Output.Sessions;
using Wirecase.Flows;
using Wirecase.Flows.Pipeline;
using Wirecase.Protocols;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase sessions [smtp|tls|http|dns|lpd|icmp|all] FILE...`: the application conversations, one row per
/// exchange with its timing and outcome.</summary>
internal static class SessionsCommand
{
    public static readonly string[] Kinds = ["all", "smtp", "tls", "http", "dns", "lpd", "icmp"];

    public static Command Create(CliConsole console)
    {
        var files = new Argument<string[]>("files")
        {
            Arity = ArgumentArity.OneOrMore,
            Description = "Optionally a protocol (smtp, tls, http, dns, lpd, icmp; default all), then the capture files ('-' for stdin).",
        };
        var json = CommonOptions.Json();
        var command = new Command("sessions", "Application conversations: SMTP commands and replies, TLS handshakes, HTTP requests and responses, DNS queries, LPD jobs, ICMP echoes and errors — each with its timing and outcome.")
        {
            files, json,
        };
        command.SetAction(parse =>
        {
            var args = parse.GetValue(files)!;
            string kind = "all";
            if (args.Length > 1 && Kinds.Contains(args[0]) && !File.Exists(args[0]))
            {
                kind = args[0];
                args = args[1..];
            }
            return Run(kind, args, parse.GetValue(json), console);
        });
        return command;
    }

    private static int Run(string kind, string[] files, bool json, CliConsole console)
    {
        using var run = CaptureRun.Open(files, console);
        if (run is null) return ExitCodes.NothingRead;
        var set = run.Set;
        var layers = set.Readers.Select(_ => new ApplicationLayer()).ToArray();
        var trackers = layers.Select(l => new FlowTracker(l.SinkFor)).ToArray();
        long first = long.MaxValue;
        var last = new FrameTime[trackers.Length];
        run.StartProgress();
        using (var pipeline = new DecodingPipeline(set, run.CountFrame))
        {
            while (pipeline.Next() is { } batch)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    ref var f = ref batch[i];
                    if (f.HasTimestamp && f.TimestampNs < first) first = f.TimestampNs;
                    var tracker = trackers[f.FileIndex];
                    var payload = batch.Payload(f);
                    tracker.ProcessDecoded(f.Number, f.TimestampNs, f.Kind, f.Packet, payload, out _);
                    if (f.Kind == Capture.FrameKind.Packet) layers[f.FileIndex].Packet(f.Packet, f.Number, f.TimestampNs, payload, tracker.Tcp);
                    last[f.FileIndex] = new FrameTime(f.Number, f.TimestampNs);
                }
                pipeline.Return(batch);
            }
        }
        int exit = run.Finish();
        for (int i = 0; i < trackers.Length; i++)
        {
            trackers[i].Finish(last[i].Frame, last[i].TimestampNs);
            layers[i].Finish(last[i]);
        }
        if (first == long.MaxValue) first = 0;
        // Rows are produced lazily from the sessions and written as they come (text: measured once, then written), so
        // a table of millions of exchanges never sits in memory as rows.
        var tables = Tables(kind, layers, first);
        if (json)
        {
            using var buffered = console.OpenBuffered();
            SessionTable.WriteJson(buffered, tables.SelectMany(t => t.Rows));
        }
        else
        {
            using var w = console.OpenText();
            bool firstTable = true;
            foreach (var (title, rows) in tables)
            {
                if (!firstTable) w.WriteLine();
                firstTable = false;
                SessionTable.WriteText(w, title, rows);
            }
        }
        return exit;
    }

    private static List<(string Title, IEnumerable<SessionRow> Rows)> Tables(string kind, ApplicationLayer[] layers, long first)
    {
        var tables = new List<(string, IEnumerable<SessionRow>)>();
        bool all = kind == "all";
        if (all || kind == "smtp") tables.Add(("SMTP commands", layers.SelectMany(l => l.Smtp).SelectMany(s => SmtpRows.Of(s, first))));
        if (all || kind == "tls") tables.Add(("TLS sessions", layers.SelectMany(l => l.Tls).Select(s => TlsRows.Of(s, first))));
        if (all || kind == "http") tables.Add(("HTTP requests", layers.SelectMany(l => l.Http).SelectMany(s => HttpRows.Of(s, first))));
        if (all || kind == "dns") tables.Add(("DNS queries", layers.SelectMany(l => l.Dns.Exchanges).Select(e => DnsRows.Of(e, first))));
        if (all || kind == "lpd") tables.Add(("LPD commands", layers.SelectMany(l => l.Lpd).SelectMany(s => LpdRows.Of(s, first))));
        if (all || kind == "icmp")
        {
            tables.Add(("ICMP echoes", layers.SelectMany(l => l.Icmp.Echoes).Select(e => IcmpRows.Echo(e, first))));
            tables.Add(("ICMP errors", layers.SelectMany(l => l.Icmp.Errors).Select(e => IcmpRows.Error(e, first))));
        }
        return tables;
    }
}
