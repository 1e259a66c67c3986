using System.CommandLine;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Wirecase.Capture;
using Wirecase.Cli.Output;
using Wirecase.Flows;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Packets.Transport;
using Wirecase.Protocols;

namespace Wirecase.Cli.Commands;

/// <summary>`wirecase packets FILE...`: one line a frame, like tshark's default output; --json for JSON lines.</summary>
internal static class PacketsCommand
{
    public static Command Create(CliConsole console)
    {
        var files = CommonOptions.Files();
        var json = CommonOptions.Json();
        var count = new Option<long?>("-c", "--count") { Description = "Stop after this many frames." };
        var frames = new Option<string?>("--frames")
        {
            Description = "Only frames whose number is in this range: N, N-M, N- or -M (Wireshark frame numbers, per file).",
        };
        var display = CommonOptions.DisplayFilter();
        var from = CommonOptions.From();
        var to = CommonOptions.To();
        var markers = MarkerOption.Create();
        var command = new Command("packets", "List frames one per line like tshark: number, relative time, source, destination, protocol, length, info (TCP flags, raw Seq/Ack, Win, Len, options).")
        {
            files, json, count, frames, display, from, to, markers,
        };
        command.SetAction(parse =>
        {
            if (!FrameRange.TryParse(parse.GetValue(frames), out var range, out var error))
            {
                console.Error.WriteLine($"wirecase: {error}");
                return ExitCodes.Usage;
            }
            long? limit = parse.GetValue(count);
            if (limit is < 0)
            {
                console.Error.WriteLine("wirecase: -c needs a count of 0 or more");
                return ExitCodes.Usage;
            }
            if (TimeWindow.Parse(parse.GetValue(from), parse.GetValue(to), out error) is not { } window)
            {
                console.Error.WriteLine($"wirecase: {error}");
                return ExitCodes.Usage;
            }
            var filter = FrameFilter.Create(parse.GetValue(display), parse.GetValue(files)!, console);
            if (filter is null) return ExitCodes.Usage;
            if (!MarkerOption.TryResolve(parse.GetValue(markers), parse.GetValue(files)!, console, out var between, out int failed)) return failed;
            return Run(parse.GetValue(files)!, parse.GetValue(json), limit ?? long.MaxValue, range, window.Within(between), filter, console);
        });
        return command;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]   // one long loop per capture: jit it optimized
    private static int Run(string[] files, bool json, long limit, FrameRange range, TimeWindow window, FrameFilter filter, CliConsole console)
    {
        using var run = CaptureRun.Open(files, console);
        if (run is null) return ExitCodes.NothingRead;
        using var frames = new AnalysedFrames(run.Set, onFrame: run.CountFrame);
        long? start = null;
        long written = 0;
        var output = new BufferedStream(console.Out, 1 << 16);
        using var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        using var jsonWriter = json ? new PacketJsonWriter(output) : null;
        run.StartProgress();
        bool colours = console.Terminal is { Color: true };
        try
        {
            while (written < limit && frames.MoveNext())
            {
                var frame = frames.Frame;
                if (frame.HasTimestamp) start ??= frame.TimestampNs;
                var application = frames.Application;
                string? fileName = frames.FileName;
                var analysis = frames.Analysed ? frames.Analysis : default;
                bool shown = filter.Matches(frame, frames.Packet, frames.Analysed, analysis, application?.Protocol, fileName, frames.Connections);
                if (!shown || !range.Contains(frame.Number) || !window.Contains(frame.HasTimestamp, frame.TimestampNs, start ?? frame.TimestampNs)) continue;
                long relative = frame.TimestampNs - (start ?? frame.TimestampNs);
                if (jsonWriter is not null)
                    jsonWriter.Write(fileName, frame, frames.Packet, relative, frames.Analysed ? analysis : null, application);
                else
                {
                    string? colour = colours ? Colour(frames.Packet, frames.Analysed, analysis) : null;
                    if (colour is not null) text.Write(colour);
                    WriteLine(text, fileName, frame, frames.Packet, frames.Analysed ? analysis : null, application, relative, frames.Reader.TimestampPrecisionDigits, colour is not null);
                }
                written++;
            }
            text.Flush();
            output.Flush();
        }
        catch (IOException e) when (WirecaseApp.IsBrokenPipe(e))
        {
            return ExitCodes.Success;
        }
        return run.Finish();
    }

    private const string Reset = "\e[0m";

    /// <summary>On a colour terminal: retransmissions, lost segments and resets in red, other analysis flags in yellow
    /// (SGR escapes around the whole line; never in a pipe or a file).</summary>
    private static string? Colour(in DecodedPacket p, bool analysed, in TcpSegmentAnalysis a)
    {
        const TcpAnalysisFlags bad = TcpAnalysisFlags.Retransmission | TcpAnalysisFlags.FastRetransmission |
            TcpAnalysisFlags.SpuriousRetransmission | TcpAnalysisFlags.LostSegment | TcpAnalysisFlags.AckLostSegment;
        if (analysed && (a.Flags & bad) != 0 || p.IsTcp && (p.TcpFlags & TcpFlags.Rst) != 0) return "\e[31m";
        if (analysed && a.Flags != TcpAnalysisFlags.None) return "\e[33m";
        return null;
    }

    private static void WriteLine(StreamWriter w, string? file, in CaptureFrame f, in DecodedPacket p, TcpSegmentAnalysis? a,
        (string Protocol, string Text)? application, long relativeNs, int digits, bool coloured = false)
    {
        string number = file is null ? f.Number.ToString(CultureInfo.InvariantCulture) : $"{file}#{f.Number}";
        w.Write(number.PadLeft(file is null ? 6 : 0));
        w.Write(' ');
        w.Write(TimeText.Relative(relativeNs, digits >= 9 ? 9 : 6).PadLeft(12));
        w.Write(' ');
        string src = PacketLine.Source(p), dst = PacketLine.Destination(p);
        if (src.Length > 0 || dst.Length > 0)
        {
            w.Write(src);
            w.Write(" → ");
            w.Write(dst);
            w.Write(' ');
        }
        w.Write(application?.Protocol ?? PacketLine.Protocol(f, p));
        w.Write(' ');
        w.Write(f.OriginalLength.ToString(CultureInfo.InvariantCulture));
        string info = PacketLine.Info(f, p, a, application?.Text);
        if (info.Length > 0)
        {
            w.Write(' ');
            w.Write(info);
        }
        if (f.Comment is { } c)
        {
            w.Write(" [comment: ");
            w.Write(c.Replace('\n', ' '));
            w.Write(']');
        }
        if (coloured) w.Write(Reset);
        w.Write('\n');
    }
}
