using Wirecase.Capture;
using Wirecase.Flows.Tcp;
using Wirecase.Packets.Decoding;
using Wirecase.Query;
using Wirecase.Query.Evaluation;

namespace Wirecase.Cli.Commands;

/// <summary>
/// A command's `-Y` display filter over the frames it reads: builds what the filter sees of each frame (times relative
/// to the first frame and the previous one, the TCP analysis, the application protocol, the findings that cite the
/// frame) and tests it. Without a filter every frame passes.
/// </summary>
internal sealed class FrameFilter
{
    private readonly DisplayFilter? _filter;
    private readonly IReadOnlyDictionary<(string? File, long Frame), string>? _findings;
    private readonly IReadOnlyDictionary<(string? File, int Stream), string>? _states;
    private FrameClock _clock;

    private FrameFilter(DisplayFilter? filter, IReadOnlyDictionary<(string?, long), string>? findings,
        IReadOnlyDictionary<(string?, int), string>? states)
    {
        _filter = filter;
        _findings = findings;
        _states = states;
    }

    public static FrameFilter None { get; } = new(null, null, null);

    public DisplayFilter? Filter => _filter;

    /// <summary>Compiles the filter; on a mistake writes where and what (with a suggestion) and returns null. When the
    /// filter names wirecase.finding or wirecase.tcp.state, a first pass over <paramref name="files"/> supplies them.</summary>
    public static FrameFilter? Create(string? text, IReadOnlyList<string> files, CliConsole console)
    {
        if (string.IsNullOrWhiteSpace(text)) return None;
        try
        {
            var filter = DisplayFilter.Compile(text);
            var cited = (filter.Needs & Query.Fields.FieldNeeds.Findings) != 0 ? FindingFrames.Collect(files, console) : null;
            var states = (filter.Needs & Query.Fields.FieldNeeds.ConnectionState) != 0 ? ConnectionStates.Collect(files, console) : null;
            return new FrameFilter(filter, cited, states);
        }
        catch (FilterException e)
        {
            console.Error.WriteLine($"wirecase: invalid display filter: {e.Describe(text)}");
            return null;
        }
    }

    /// <summary>Call for every frame in order (also those not shown), so that relative and delta times are Wireshark's.</summary>
    public bool Matches(in CaptureFrame frame, in DecodedPacket packet, bool analysed, in TcpSegmentAnalysis analysis,
        string? application, string? file, TcpConnectionTable? connections = null)
    {
        if (_filter is null) return true;   // no filter: no view (and the shared None keeps no clock state)
        scoped var view = _clock.View(frame);
        view.HasTcpAnalysis = analysed;
        view.Application = application;
        view.Findings = _findings?.GetValueOrDefault((file, frame.Number));
        view.ConnectionState = _states is not null && analysed ? _states.GetValueOrDefault((file, analysis.Stream)) : null;
        if (connections is not null && packet.Has(PacketLayers.IcmpQuote) && packet.Quoted is { HasPorts: true, Protocol: 6 } q)
            view.QuotedTcpStream = connections.Find(q.Source, q.SourcePort, q.Destination, q.DestinationPort)?.Stream ?? -1;
        view.Packet = ref packet;
        view.Tcp = ref analysis;
        return _filter.Matches(view);
    }
}
