using Wirecase.Capture;
using Wirecase.Flows;
using Wirecase.Flows.Pipeline;
using Wirecase.Flows.Tcp;
using Wirecase.Protocols;

namespace Wirecase.Diagnosis.Facts;

/// <summary>Everything the lower stages learned about one capture file, for the rules.</summary>
public sealed class FileFacts(string name, FlowTracker tracker, ApplicationLayer application, SegmentEventLog events)
{
    /// <summary>The file's name as evidence names it (null when a single file was read).</summary>
    public string? Name { get; internal set; } = name;
    public FlowTracker Tracker { get; } = tracker;
    public ApplicationLayer Application { get; } = application;
    public SegmentEventLog Events { get; } = events;
    public long Frames { get; internal set; }
    public long FirstNs { get; internal set; } = long.MaxValue;
    public long LastNs { get; internal set; } = long.MinValue;
    public IReadOnlyList<TcpConnection> Connections => Tracker.Tcp.Connections;

    public Evidence At(long frame, string what) => new(Name, frame, what);
}

/// <summary>Runs the decode, flow and application stages over a capture set in one pass and keeps what they found.</summary>
public sealed class CaptureFacts
{
    private CaptureFacts(IReadOnlyList<FileFacts> files) => Files = files;

    public IReadOnlyList<FileFacts> Files { get; }

    /// <param name="window">Only the frames between the user's ping markers, when given.</param>
    public static CaptureFacts Collect(CaptureSet set, Action? onFrame = null, MarkerWindow? window = null)
    {
        bool several = set.Readers.Count > 1;
        var files = set.Readers.Select(r =>
        {
            var app = new ApplicationLayer();
            return new FileFacts(Path.GetFileName(r.FileName), new FlowTracker(app.SinkFor), app, new SegmentEventLog());
        }).ToArray();
        var last = new FrameTime[files.Length];
        using (var pipeline = new DecodingPipeline(set, onFrame))
        {
            while (pipeline.Next() is { } batch)
            {
                for (int i = 0; i < batch.Count; i++)
                {
                    ref var f = ref batch[i];
                    if (window is not null && !(f.HasTimestamp && window.Contains(f.TimestampNs))) continue;
                    var file = files[f.FileIndex];
                    file.Frames++;
                    if (f.HasTimestamp)
                    {
                        if (f.TimestampNs < file.FirstNs) file.FirstNs = f.TimestampNs;
                        if (f.TimestampNs > file.LastNs) file.LastNs = f.TimestampNs;
                    }
                    var payload = batch.Payload(f);
                    if (file.Tracker.ProcessDecoded(f.Number, f.TimestampNs, f.Kind, f.Packet, payload, out var analysis))
                        file.Events.Add(f.Number, f.TimestampNs, f.Packet, analysis);
                    if (f.Kind == FrameKind.Packet) file.Application.Packet(f.Packet, f.Number, f.TimestampNs, payload, file.Tracker.Tcp);
                    last[f.FileIndex] = new FrameTime(f.Number, f.TimestampNs);
                }
                pipeline.Return(batch);
            }
        }
        for (int i = 0; i < files.Length; i++)
        {
            files[i].Tracker.Finish(last[i].Frame, last[i].TimestampNs);
            files[i].Application.Finish(last[i]);
            if (!several) files[i].Name = null;
        }
        return new CaptureFacts(files);
    }
}
