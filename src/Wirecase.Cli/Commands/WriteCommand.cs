using System.CommandLine;
using System.Runtime.CompilerServices;
using Wirecase.Capture;
using Wirecase.Capture.Writing;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase write -Y FILTER -o out.pcapng FILE...`: the selected frames into a new capture that opens in
/// Wireshark, with their original timestamps, interfaces, link types and comments.</summary>
internal static class WriteCommand
{
    public static Command Create(CliConsole console)
    {
        var files = CommonOptions.Files();
        var output = new Option<string>("-o", "--output") { Description = "The capture file to write ('-' for standard output).", Required = true };
        var format = new Option<string?>("-F", "--format") { Description = "pcapng (default; keeps interfaces and comments) or pcap (one link type, nanosecond timestamps). Taken from the output's extension when left out." };
        var display = CommonOptions.DisplayFilter();
        var frames = new Option<string?>("--frames") { Description = "Only frames whose number is in this range: N, N-M, N- or -M (per file)." };
        var from = CommonOptions.From();
        var to = CommonOptions.To();
        var connection = new Option<int?>("--connection") { Description = "Only the frames of this TCP connection (tcp.stream, as `wirecase packets` numbers them)." };
        var markers = MarkerOption.Create();
        var finding = new Option<string?>("--finding") { Description = "Only the frames of the connections a finding cites (its id, e.g. tcp.stalled-data), and its evidence frames." };
        var command = new Command("write", "Write the frames that match a display filter, frame range, time window, connection or finding to a new pcapng or pcap file.")
        {
            files, output, format, display, frames, from, to, markers, connection, finding,
        };
        command.SetAction(parse =>
        {
            string path = parse.GetValue(output)!;
            string? formatText = parse.GetValue(format)?.ToLowerInvariant() ?? (path.EndsWith(".pcap", StringComparison.OrdinalIgnoreCase) ? "pcap" : "pcapng");
            if (formatText is not ("pcap" or "pcapng"))
            {
                console.Error.WriteLine($"wirecase: -F takes pcapng or pcap, not '{formatText}'");
                return ExitCodes.Usage;
            }
            if (!FrameRange.TryParse(parse.GetValue(frames), out var range, out string error) ||
                TimeWindow.Parse(parse.GetValue(from), parse.GetValue(to), out error) is not { } window)
            {
                console.Error.WriteLine($"wirecase: {error}");
                return ExitCodes.Usage;
            }
            var list = parse.GetValue(files)!;
            var filter = FrameFilter.Create(parse.GetValue(display), list, console);
            if (filter is null) return ExitCodes.Usage;
            if (!MarkerOption.TryResolve(parse.GetValue(markers), list, console, out var between, out int failed)) return failed;
            var selection = new Selection(range, window.Within(between), filter, parse.GetValue(connection), parse.GetValue(finding));
            return Run(list, path, formatText == "pcap" ? CaptureWriteFormat.Pcap : CaptureWriteFormat.Pcapng, selection, console);
        });
        return command;
    }

    private sealed record Selection(FrameRange Range, TimeWindow Window, FrameFilter Filter, int? Connection, string? Finding);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    private static int Run(string[] files, string path, CaptureWriteFormat format, Selection selection, CliConsole console)
    {
        FindingConnections? cited = null;
        if (selection.Finding is { } id)
        {
            if (files.Contains("-"))
            {
                console.Error.WriteLine("wirecase: --finding reads the files twice and cannot read stdin");
                return ExitCodes.Usage;
            }
            cited = FindingConnections.Collect(files, id, console);
            if (cited is null) return ExitCodes.NothingRead;
        }
        if (path != "-" && files.Any(f => f != "-" && Path.GetFullPath(f) == Path.GetFullPath(path)))
        {
            console.Error.WriteLine($"wirecase: the output {path} is also an input");
            return ExitCodes.Usage;
        }
        using var run = CaptureRun.Open(files, console);
        if (run is null) return ExitCodes.NothingRead;
        var needs = selection.Filter.Filter?.Needs ?? Query.Fields.FieldNeeds.None;
        bool needsApplication = (needs & Query.Fields.FieldNeeds.Application) != 0;
        bool needsTcp = needs != Query.Fields.FieldNeeds.None || selection.Connection is not null || cited is not null;
        using var frames = new AnalysedFrames(run.Set, needsApplication, needsTcp, run.CountFrame);
        string temporary = path == "-" ? "" : Path.Combine(Path.GetDirectoryName(Path.GetFullPath(path))!, $".{Path.GetFileName(path)}.{Environment.ProcessId}.partial");
        long read = 0, skipped = 0;
        long? start = null;
        try
        {
            using (var stream = path == "-" ? new BufferedStream(console.Out, 1 << 16) : (Stream)new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var writer = CaptureWriter.Create(stream, format, "Wirecase"))
            {
                run.StartProgress();
                while (frames.MoveNext())
                {
                    read++;
                    var frame = frames.Frame;
                    if (frame.HasTimestamp) start ??= frame.TimestampNs;
                    var analysis = frames.Analysed ? frames.Analysis : default;
                    bool match = selection.Filter.Matches(frame, frames.Packet, frames.Analysed, analysis, frames.Application?.Protocol, frames.FileName, frames.Connections);
                    if (!match || !selection.Range.Contains(frame.Number) || !selection.Window.Contains(frame.HasTimestamp, frame.TimestampNs, start ?? frame.TimestampNs)) continue;
                    if (selection.Connection is { } wanted && !(frames.Analysed && analysis.Stream == wanted)) continue;
                    if (cited is not null && !cited.Frames.Contains((frames.FileIndex, frame.Number))
                        && !(frames.Analysed && cited.Streams.Contains((frames.FileIndex, analysis.Stream)))) continue;
                    if (frame.Kind != FrameKind.Packet)
                    {
                        skipped++;
                        continue;
                    }
                    writer.Write(frame, frames.FileIndex, frames.Reader.Interfaces);
                }
                int exit = run.Finish();
                if (path != "-") File.Move(temporary, path, overwrite: true);
                console.Error.WriteLine($"wirecase: wrote {writer.FramesWritten} of {read} frames to {(path == "-" ? "standard output" : path)} ({(format == CaptureWriteFormat.Pcap ? "pcap" : "pcapng")})" +
                    (skipped > 0 ? $"; {skipped} non-packet record(s) (pcapng custom or journal blocks) not written" : ""));
                return exit;
            }
        }
        catch (CaptureWriteException e)
        {
            console.Error.WriteLine($"wirecase: {e.Message}; nothing written");
            return ExitCodes.Usage;
        }
        catch (IOException e) when (path == "-" && WirecaseApp.IsBrokenPipe(e))
        {
            return ExitCodes.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Error.WriteLine($"wirecase: cannot write {path}: {e.Message}");
            return ExitCodes.NothingRead;
        }
        finally
        {
            if (temporary.Length > 0 && File.Exists(temporary)) File.Delete(temporary);
        }
    }
}
