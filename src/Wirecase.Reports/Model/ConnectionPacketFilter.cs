using Wirecase.Capture;
using Wirecase.Flows;
using Wirecase.Packets.Decoding;
using Wirecase.Query;
using Wirecase.Query.Evaluation;
using Wirecase.Query.Fields;

namespace Wirecase.Reports.Model;

/// <summary>
/// A display filter applied to one TCP connection's frames, for the packet lists of `wirecase serve`: the capture is
/// read again with its TCP analysis (so every tcp.analysis.* field works) and the matching frames of that tcp.stream
/// are returned as the report labels them.
/// </summary>
public static class ConnectionPacketFilter
{
    /// <exception cref="FilterException">The filter does not parse, or names fields this reading does not compute.</exception>
    public static List<string> Matching(IReadOnlyList<string> files, int stream, string filterText, CancellationToken cancel = default)
    {
        var filter = DisplayFilter.Compile(filterText);
        if ((filter.Needs & (FieldNeeds.Application | FieldNeeds.Findings | FieldNeeds.ConnectionState)) != 0)
            throw new FilterException("application-protocol, wirecase.finding and wirecase.tcp.state fields are not available in this packet list; `wirecase packets -Y` has them", 0, filterText.Length);
        var matching = new List<string>();
        using var set = CaptureSet.Open(files);
        var tracker = new FlowTracker();
        var packet = new DecodedPacket();
        var clock = new FrameClock();
        while (set.MoveNext())
        {
            if ((set.Current.Number & 0xFFF) == 0) cancel.ThrowIfCancellationRequested();
            var frame = set.Current;
            bool analysed = tracker.Process(frame, ref packet, out var analysis);
            scoped var view = clock.View(frame);
            if (!analysed || analysis.Stream != stream) continue;
            view.HasTcpAnalysis = true;
            view.Packet = ref packet;
            view.Tcp = ref analysis;
            if (filter.Matches(view)) matching.Add(CitedConnections.FrameLabel(set.CurrentFrameId));
        }
        return matching;
    }
}
