using System.CommandLine;
using Wirecase.Cli.Output.Sessions;
using Wirecase.Diagnosis.Facts;
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
        run.StartProgress();
        // The same single pass analyze makes: decode, flows and every application analyzer, per file.
        var facts = CaptureFacts.Collect(run.Set, run.CountFrame);
        int exit = run.Finish();
        long first = facts.Points.Min(f => f.FirstNs);
        if (first == long.MaxValue) first = 0;
        // Rows are produced lazily from the sessions and written as they come (text: measured once, then written), so
        // a table of millions of exchanges never sits in memory as rows.
        var tables = Tables(kind, facts.Points, first);
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

    private static List<(string Title, IEnumerable<SessionRow> Rows)> Tables(string kind, IReadOnlyList<CapturePointFacts> points, long first)
    {
        var tables = new List<(string, IEnumerable<SessionRow>)>();
        bool all = kind == "all";
        if (all || kind == "smtp") tables.Add(("SMTP commands", points.SelectMany(p => p.Application.Smtp.SelectMany(s => SmtpRows.Of(s, first)).Select(r => r.NamingFrames(p)))));
        if (all || kind == "tls") tables.Add(("TLS sessions", points.SelectMany(p => p.Application.Tls.Select(s => TlsRows.Of(s, first).NamingFrames(p)))));
        if (all || kind == "http") tables.Add(("HTTP requests", points.SelectMany(p => p.Application.Http.SelectMany(s => HttpRows.Of(s, first)).Select(r => r.NamingFrames(p)))));
        if (all || kind == "dns") tables.Add(("DNS queries", points.SelectMany(p => p.Application.Dns.Exchanges.Select(e => DnsRows.Of(e, first).NamingFrames(p)))));
        if (all || kind == "lpd") tables.Add(("LPD commands", points.SelectMany(p => p.Application.Lpd.SelectMany(s => LpdRows.Of(s, first)).Select(r => r.NamingFrames(p)))));
        if (all || kind == "icmp")
        {
            tables.Add(("ICMP echoes", points.SelectMany(p => p.Application.Icmp.Echoes.Select(e => IcmpRows.Echo(e, first).NamingFrames(p)))));
            tables.Add(("ICMP errors", points.SelectMany(p => p.Application.Icmp.Errors.Select(e => IcmpRows.Error(e, first).NamingFrames(p)))));
        }
        return tables;
    }
}
