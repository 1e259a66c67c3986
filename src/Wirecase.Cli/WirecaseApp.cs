using System.CommandLine;
using Wirecase.Cli.Commands;

namespace Wirecase.Cli;

/// <summary>The wirecase command line: composition only. Each subcommand lives in Commands/.</summary>
public static class WirecaseApp
{
    public static int Run(string[] args, CliConsole console)
    {
        // Read before the commands are made: they hold the console.
        if (args.Contains("--no-color")) console = console.WithoutColor();
        var root = new RootCommand("Wirecase: network-trace analyzer. Reads pcap, pcapng and Network Monitor captures (gzip/zstd too; '-' is stdin).");
        root.Options.Add(new Option<bool>("--no-color")
        {
            Recursive = true,
            Description = "No colour on a terminal (as the NO_COLOR environment variable). Output into a pipe or a file is never coloured or decorated.",
        });
        root.Subcommands.Add(InfoCommand.Create(console));
        root.Subcommands.Add(PacketsCommand.Create(console));
        root.Subcommands.Add(ConvCommand.Create(console));
        root.Subcommands.Add(FollowCommand.Create(console));
        root.Subcommands.Add(SessionsCommand.Create(console));
        root.Subcommands.Add(AnalyzeCommand.Create(console));
        root.Subcommands.Add(CorrelateCommand.Create(console));
        root.Subcommands.Add(WriteCommand.Create(console));
        root.Subcommands.Add(ReportCommand.Create(console));
        root.Subcommands.Add(ServeCommand.Create(console));
        var config = new InvocationConfiguration { Output = new StreamWriter(console.Out) { AutoFlush = true }, Error = console.Error };
        try
        {
            return root.Parse(args).Invoke(config);
        }
        catch (IOException e) when (IsBrokenPipe(e))
        {
            return ExitCodes.Success;   // `wirecase packets big.pcap | head` is normal use
        }
    }

    internal static bool IsBrokenPipe(IOException e) =>
        e.HResult == 32 || e.Message.Contains("Broken pipe", StringComparison.OrdinalIgnoreCase);
}
