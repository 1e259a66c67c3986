using System.CommandLine;

namespace Wirecase.Cli.Commands;

/// <summary>Arguments and options shared by commands that read captures.</summary>
internal static class CommonOptions
{
    public static Argument<string[]> Files() => new("files")
    {
        Arity = ArgumentArity.OneOrMore,
        Description = "Capture files (pcap, pcapng, NetMon 2.x; gzip/zstd detected by content). Several files are read as one timeline; '-' reads stdin.",
    };

    public static Option<string?> DisplayFilter() => new("-Y", "--display-filter")
    {
        Description = "Only frames matching this Wireshark display filter, e.g. 'tcp.port == 25 and not tcp.analysis.retransmission' (see docs/filters.md).",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write JSON (one object per line) instead of text.",
    };
}
