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
        var layers = facts.Files.Select(f => f.Application).ToArray();
        long first = facts.Files.Min(f => f.FirstNs);
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
