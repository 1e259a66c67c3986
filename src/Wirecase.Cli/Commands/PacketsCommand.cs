using System.CommandLine;
using System.Globalization;
using System.Text;
using Wirecase.Capture;
using Wirecase.Cli.Output;
using Wirecase.Flows;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
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
        var command = new Command("packets", "List frames one per line like tshark: number, relative time, source, destination, protocol, length, info (TCP flags, raw Seq/Ack, Win, Len, options).")
        {
            files, json, count, frames, display,
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
            var filter = FrameFilter.Create(parse.GetValue(display), console, () => FindingFrames.Collect(parse.GetValue(files)!, console));
            if (filter is null) return ExitCodes.Usage;
            return Run(parse.GetValue(files)!, parse.GetValue(json), limit ?? long.MaxValue, range, filter, console);
        });
        return command;
    }

    private static int Run(string[] files, bool json, long limit, FrameRange range, FrameFilter filter, CliConsole console)
    {
        using var run = CaptureRun.Open(files, console);
        if (run is null) return ExitCodes.NothingRead;
        var set = run.Set;
        bool several = set.Readers.Count > 1;
        var summaries = new FrameSummaryCollector();
        var layers = set.Readers.Select(_ => new ApplicationLayer(summaries, keepSessions: false)).ToArray();
        var trackers = layers.Select(l => new FlowTracker(l.SinkFor)).ToArray();
        var packet = new DecodedPacket();
        long? start = null;
        long written = 0;
        var output = new BufferedStream(console.Out, 1 << 16);
        using var text = new StreamWriter(output, new UTF8Encoding(false), 1 << 16, leaveOpen: true);
        using var jsonWriter = json ? new PacketJsonWriter(output) : null;
        run.StartProgress();
        try
        {
            while (written < limit && set.MoveNext())
            {
                run.CountFrame();
                var frame = set.Current;
                if (frame.HasTimestamp) start ??= frame.TimestampNs;
                var tracker = trackers[set.CurrentFileIndex];
                bool analysed = tracker.Process(frame, ref packet, out var analysis);
                if (frame.Kind == FrameKind.Packet)
                    layers[set.CurrentFileIndex].Packet(packet, frame.Number, frame.TimestampNs, tracker.Decoder.Payload(frame.Data, packet), tracker.Tcp);
                var application = summaries.Take(frame.Number);
                string? fileName = several ? Path.GetFileName(set.CurrentReader.FileName) : null;
                bool shown = filter.Matches(frame, packet, analysed, analysis, application?.Protocol, fileName, tracker.Tcp);
                if (!range.Contains(frame.Number) || !shown) continue;
                long relative = frame.TimestampNs - (start ?? frame.TimestampNs);
                if (jsonWriter is not null)
                    jsonWriter.Write(fileName, frame, packet, relative, analysed ? analysis : null, application);
                else
                    WriteLine(text, fileName, frame, packet, analysed ? analysis : null, application, relative, set.CurrentReader.TimestampPrecisionDigits);
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

    private static void WriteLine(StreamWriter w, string? file, in CaptureFrame f, in DecodedPacket p, TcpSegmentAnalysis? a,
        (string Protocol, string Text)? application, long relativeNs, int digits)
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
        w.Write('\n');
    }
}
