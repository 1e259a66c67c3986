using Wirecase.Capture;
using Wirecase.Diagnosis;
using Wirecase.Flows;
using Wirecase.Packets.Decoding;

namespace Wirecase.Cli.Commands;

/// <summary>For `write --finding ID`: the frames a finding cites and the TCP connections they belong to (per file,
/// as tcp.stream numbers `wirecase packets` shows), found by diagnosing the files and then mapping its evidence frames.</summary>
internal sealed record FindingConnections(HashSet<(int File, long Frame)> Frames, HashSet<(int File, int Stream)> Streams)
{
    /// <summary>Null with the error written when no finding has that id (the ids found are listed).</summary>
    public static FindingConnections? Collect(IReadOnlyList<string> files, string id, CliConsole console)
    {
        if (FindingFrames.Diagnose(files) is not { } findings) return null;
        var chosen = findings.Where(f => f.Id == id).ToList();
        if (chosen.Count == 0)
        {
            var ids = findings.Select(f => f.Id).Distinct().ToList();
            console.Error.WriteLine($"wirecase: no finding '{id}' in these captures ({(ids.Count == 0 ? "there are no findings" : "found: " + string.Join(", ", ids))})");
            return null;
        }
        var names = files.Select(f => Path.GetFileName(f)).ToList();
        var frames = new HashSet<(int, long)>();
        foreach (var e in chosen.SelectMany(f => f.Evidence))
        {
            int file = e.File is null ? 0 : names.IndexOf(e.File);
            if (file >= 0) frames.Add((file, e.Frame));
        }
        var streams = new HashSet<(int, int)>();
        using (var set = CaptureSet.Open(files))
        {
            var trackers = set.Readers.Select(_ => new FlowTracker()).ToArray();
            var packet = new DecodedPacket();
            while (set.MoveNext())
            {
                var frame = set.Current;
                if (trackers[set.CurrentFileIndex].Process(frame, ref packet, out var analysis) && frames.Contains((set.CurrentFileIndex, frame.Number)))
                    streams.Add((set.CurrentFileIndex, analysis.Stream));
            }
        }
        return new FindingConnections(frames, streams);
    }
}
