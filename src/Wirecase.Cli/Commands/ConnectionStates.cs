using Wirecase.Capture;
using Wirecase.Flows;
using Wirecase.Packets.Decoding;

namespace Wirecase.Cli.Commands;

/// <summary>For `wirecase.tcp.state` in a display filter: a first pass that follows every TCP connection to the end of
/// the capture and keeps its Zeek-style state, per file (file name when several files) and tcp.stream.</summary>
internal static class ConnectionStates
{
    public static IReadOnlyDictionary<(string? File, int Stream), string> Collect(IReadOnlyList<string> files, CliConsole console)
    {
        var states = new Dictionary<(string?, int), string>();
        if (files.Contains("-"))
        {
            console.Error.WriteLine("wirecase: warning: wirecase.tcp.state needs a first pass over the files and cannot be used on stdin");
            return states;
        }
        using var set = CaptureSet.Open(files);
        var trackers = set.Readers.Select(_ => new FlowTracker()).ToArray();
        var packet = new DecodedPacket();
        while (set.MoveNext()) trackers[set.CurrentFileIndex].Process(set.Current, ref packet, out _);
        for (int i = 0; i < trackers.Length; i++)
        {
            trackers[i].Finish(set.Readers[i].FramesRead);
            string? file = files.Count > 1 ? Path.GetFileName(set.Readers[i].FileName) : null;
            foreach (var c in trackers[i].Tcp.Connections) states[(file, c.Stream)] = c.State;
        }
        return states;
    }
}
