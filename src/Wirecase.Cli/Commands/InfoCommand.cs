using System.CommandLine;
using System.Runtime.CompilerServices;
using Wirecase.Cli.Output;
using Wirecase.Cli.Output.Terminal;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Summary;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase info FILE...`: what capinfos says (format, interfaces, counts, sizes, time span, rates, snaplen,
/// truncation, capture drops, comments) plus what decoding every frame found (protocols, fragments, malformed frames,
/// bad checksums and who sent them).</summary>
internal static class InfoCommand
{
    public static Command Create(CliConsole console)
    {
        var files = CommonOptions.Files();
        var json = CommonOptions.Json();
        var command = new Command("info", "Summarise captures like capinfos: format, link types, counts, time span, rates, snaplen, truncation, drops, comments; every frame is decoded and checked.")
        {
            files, json,
        };
        command.SetAction(parse => Run(parse.GetValue(files)!, parse.GetValue(json), console));
        return command;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    private static int Run(string[] files, bool json, CliConsole console)
    {
        using var run = CaptureRun.Open(files, console);
        if (run is null) return ExitCodes.NothingRead;
        var set = run.Set;
        int n = set.Readers.Count;
        var builders = new CaptureSummaryBuilder[n];
        var decoders = new PacketDecoder[n];
        for (int i = 0; i < n; i++)
        {
            builders[i] = new CaptureSummaryBuilder(set.Readers[i].FileName);
            decoders[i] = new PacketDecoder();
        }
        var packet = new DecodedPacket();
        run.StartProgress();
        while (set.MoveNext())
        {
            int i = set.CurrentFileIndex;
            var frame = set.Current;
            decoders[i].Decode(frame, ref packet);
            builders[i].Add(frame, packet);
            run.CountFrame();
        }
        int exit = run.Finish();
        using var writer = console.OpenText();
        using var buffered = console.OpenBuffered();
        for (int i = 0; i < n; i++)
        {
            var reader = set.Readers[i];
            var summary = builders[i].Summary;
            if (json) InfoJsonWriter.Write(buffered, reader, summary, decoders[i]);
            else if (console.Terminal is { } terminal)
                InfoTerminal.Write(TerminalView.Create(writer, terminal), InfoTextWriter.Lines(reader, summary, decoders[i]));
            else InfoTextWriter.Write(writer, reader, summary, decoders[i], first: i == 0);
        }
        writer.Flush();
        return exit;
    }
}
