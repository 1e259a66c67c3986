using Wirecase.Capture;
using Wirecase.Cli.Output;
using Wirecase.Flows;
using Wirecase.Flows.Pipeline;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Protocols;

namespace Wirecase.Cli.Commands;

/// <summary>
/// The frames of a capture set, each decoded (on a second thread, ahead), judged by its file's TCP analysis and shown
/// to the application analyzers, as `wirecase packets` sees them: the per-frame view shared by `packets`, `write` and
/// the first passes of `-Y`. The current frame is valid until the next <see cref="MoveNext"/>.
/// </summary>
internal sealed class AnalysedFrames : IDisposable
{
    private readonly CaptureSet _set;
    private readonly DecodingPipeline? _pipeline;
    private readonly Action? _onFrame;
    private readonly PacketDecoder _decoder = new();
    private DecodedFrame _direct;
    private readonly FrameSummaryCollector _summaries = new();
    private readonly ApplicationLayer[] _layers;
    private readonly FlowTracker[] _trackers;
    private readonly bool _application;
    private readonly bool _tcp;
    private DecodedFrameBatch? _batch;
    private int _index;
    private TcpSegmentAnalysis _analysis;

    /// <param name="tcp">Run the TCP analysis (false: decode only, for selections that need no TCP context).</param>
    public AnalysedFrames(CaptureSet set, bool application = true, bool tcp = true, Action? onFrame = null)
    {
        _set = set;
        _application = application && tcp;
        _tcp = tcp;
        _layers = [.. set.Readers.Select(_ => new ApplicationLayer(_summaries, keepSessions: false))];
        _trackers = [.. _layers.Select(l => _application ? new FlowTracker(l.SinkFor) : new FlowTracker())];
        // Decoding only: cheaper on this thread than copying every frame to a second one.
        if (tcp) _pipeline = new DecodingPipeline(set, onFrame);
        _onFrame = onFrame;
    }

    private ref DecodedFrame Current => ref _pipeline is null ? ref _direct : ref _batch![_index];

    public CaptureFrame Frame
    {
        get
        {
            if (_pipeline is not null) return _batch!.Frame(Current);
            var f = _set.Current;
            return f;
        }
    }
    public ref readonly DecodedPacket Packet => ref Current.Packet;
    public ref readonly TcpSegmentAnalysis Analysis => ref _analysis;
    /// <summary>Whether <see cref="Analysis"/> holds this frame's TCP analysis.</summary>
    public bool Analysed { get; private set; }
    /// <summary>What the application analyzers said about this frame (protocol and info text), if anything.</summary>
    public (string Protocol, string Text)? Application { get; private set; }
    public int FileIndex => Current.FileIndex;
    public CaptureReader Reader => _set.Readers[Current.FileIndex];
    /// <summary>The frame's file name when several files are read (evidence is file#frame then), else null.</summary>
    public string? FileName => _set.Readers.Count > 1 ? Path.GetFileName(Reader.FileName) : null;
    public TcpConnectionTable Connections => _trackers[Current.FileIndex].Tcp;

    public bool MoveNext()
    {
        if (_pipeline is null)
        {
            if (!_set.MoveNext()) return false;
            _onFrame?.Invoke();
            var frame = _set.Current;
            _direct.FileIndex = _set.CurrentFileIndex;
            _direct.Number = frame.Number;
            _decoder.Decode(frame, ref _direct.Packet);
            return true;
        }
        while (_batch is null || ++_index >= _batch.Count)
        {
            if (_batch is not null) _pipeline.Return(_batch);
            _batch = _pipeline.Next();
            _index = -1;
            if (_batch is null) return false;
        }
        ref var f = ref Current;
        Analysed = false;
        Application = null;
        var payload = _batch.Payload(f);
        var tracker = _trackers[f.FileIndex];
        Analysed = tracker.ProcessDecoded(f.Number, f.TimestampNs, f.Kind, f.Packet, payload, out _analysis);
        if (_application)
        {
            if (f.Kind == FrameKind.Packet) _layers[f.FileIndex].Packet(f.Packet, f.Number, f.TimestampNs, payload, tracker.Tcp);
            Application = _summaries.Take(f.Number);
        }
        return true;
    }

    public void Dispose()
    {
        if (_batch is not null) _pipeline?.Return(_batch);
        _batch = null;
        _pipeline?.Dispose();
    }
}
