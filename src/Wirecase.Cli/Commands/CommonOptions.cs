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

    public static Option<string?> From() => new("--from")
    {
        Description = "Only frames at or after this time: seconds from the first frame (12.5) or a time (2026-11-30T05:28:45Z; UTC when no zone).",
    };

    public static Option<string?> To() => new("--to")
    {
        Description = "Only frames at or before this time: seconds from the first frame or a time, as for --from.",
    };

    public static Option<bool> Json() => new("--json")
    {
        Description = "Write JSON (one object per line) instead of text.",
    };
}
