using Wirecase.Capture;
using Wirecase.Cli.Output;
using Wirecase.Flows;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Protocols;

namespace Wirecase.Cli.Commands;

/// <summary>
/// The frames of a capture set, each decoded, judged by its file's TCP analysis and shown to the application
/// analyzers (as `wirecase packets` sees them): the per-frame view shared by `packets` and `write`.
/// </summary>
internal sealed class AnalysedFrames
{
    private readonly CaptureSet _set;
    private readonly FrameSummaryCollector _summaries = new();
    private readonly ApplicationLayer[] _layers;
    private readonly FlowTracker[] _trackers;
    private readonly bool _application;
    private readonly bool _tcp;
    private readonly PacketDecoder _decoder = new();
    private DecodedPacket _packet;
    private TcpSegmentAnalysis _analysis;

    /// <param name="tcp">Run the TCP analysis (false: decode only, for selections that need no TCP context).</param>
    public AnalysedFrames(CaptureSet set, bool application = true, bool tcp = true)
    {
        _set = set;
        _application = application && tcp;
        _tcp = tcp;
        _layers = [.. set.Readers.Select(_ => new ApplicationLayer(_summaries, keepSessions: false))];
        _trackers = [.. _layers.Select(l => application ? new FlowTracker(l.SinkFor) : new FlowTracker())];
    }

    public CaptureFrame Frame => _set.Current;
    public ref readonly DecodedPacket Packet => ref _packet;
    public ref readonly TcpSegmentAnalysis Analysis => ref _analysis;
    /// <summary>Whether <see cref="Analysis"/> holds this frame's TCP analysis.</summary>
    public bool Analysed { get; private set; }
    /// <summary>What the application analyzers said about this frame (protocol and info text), if anything.</summary>
    public (string Protocol, string Text)? Application { get; private set; }
    public int FileIndex => _set.CurrentFileIndex;
    /// <summary>The frame's file name when several files are read (evidence is file#frame then), else null.</summary>
    public string? FileName => _set.Readers.Count > 1 ? Path.GetFileName(_set.CurrentReader.FileName) : null;
    public TcpConnectionTable Connections => _trackers[_set.CurrentFileIndex].Tcp;

    public bool MoveNext()
    {
        if (!_set.MoveNext()) return false;
        var frame = _set.Current;
        if (!_tcp)
        {
            _decoder.Decode(frame, ref _packet);
            Analysed = false;
            Application = null;
            return true;
        }
        var tracker = _trackers[_set.CurrentFileIndex];
        Analysed = tracker.Process(frame, ref _packet, out _analysis);
        if (_application && frame.Kind == FrameKind.Packet)
            _layers[_set.CurrentFileIndex].Packet(_packet, frame.Number, frame.TimestampNs, tracker.Decoder.Payload(frame.Data, _packet), tracker.Tcp);
        Application = _application ? _summaries.Take(frame.Number) : null;
        return true;
    }
}
