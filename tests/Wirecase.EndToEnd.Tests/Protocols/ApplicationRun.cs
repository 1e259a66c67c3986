using System.Collections.Concurrent;
using Wirecase.Capture;
using Wirecase.Flows;
using Wirecase.Packets.Decoding;
using Wirecase.Protocols;

namespace Wirecase.EndToEnd.Tests.Protocols;

/// <summary>Runs the flow and application stages over a corpus file, as `wirecase sessions` does (cached per file).</summary>
public static class ApplicationRun
{
    private static readonly ConcurrentDictionary<string, ApplicationLayer> Cache = new();

    public static ApplicationLayer Of(string corpusFile) => Cache.GetOrAdd(corpusFile, Analyze);

    private static ApplicationLayer Analyze(string corpusFile)
    {
        var app = new ApplicationLayer();
        var tracker = new FlowTracker(app.SinkFor);
        var p = new DecodedPacket();
        var last = new FrameTime(0, 0);
        using (var reader = CaptureFile.Open(Path.Combine(RepositoryPaths.Corpus, corpusFile)))
        {
            while (reader.MoveNext())
            {
                var f = reader.Current;
                tracker.Process(f, ref p, out _);
                if (f.Kind == FrameKind.Packet) app.Packet(p, f.Number, f.TimestampNs, tracker.Decoder.Payload(f.Data, p), tracker.Tcp);
                last = new FrameTime(f.Number, f.TimestampNs);
            }
        }
        tracker.Finish(last.Frame, last.TimestampNs);
        app.Finish(last);
        return app;
    }
}

/// <summary>The reference TSVs made by ProtocolReference/make-reference.sh from tshark.</summary>
public static class ProtocolReference
{
    public static IEnumerable<string[]> Rows(string name) =>
        File.ReadLines(Path.Combine(RepositoryPaths.Root, "tests", "Wirecase.EndToEnd.Tests", "ProtocolReference", name))
            .Where(l => l.Length > 0).Select(l => l.Split('\t'));
}
