using Wirecase.Flows.Tcp;
using Wirecase.Query.Evaluation;

namespace Wirecase.Query.Fields;

public static partial class FieldCatalog
{
    private static void AddAnalysisFields()
    {
        foreach (var (flag, field, info) in TcpAnalysisNames.All)
        {
            var f = flag;
            Label(field, info, (in FrameView v) => Analysed(v) && v.Tcp.Has(f), FieldNeeds.TcpAnalysis);
        }
        Label("tcp.analysis.flags", "Any TCP analysis warning (Wireshark's expert flags)",
            (in FrameView f) => Analysed(f) && (f.Tcp.Flags & WiresharkFlags) != 0, FieldNeeds.TcpAnalysis);
        Number("tcp.analysis.duplicate_ack_num", "Which duplicate ACK this is (1, 2, …)", (in FrameView f) => Analysed(f) && f.Tcp.Has(TcpAnalysisFlags.DuplicateAck),
            (in FrameView f) => f.Tcp.DuplicateAckNumber, FieldNeeds.TcpAnalysis);
        Number("tcp.analysis.duplicate_ack_frame", "The frame this ACK duplicates", (in FrameView f) => Analysed(f) && f.Tcp.Has(TcpAnalysisFlags.DuplicateAck),
            (in FrameView f) => f.Tcp.DuplicateAckOfFrame, FieldNeeds.TcpAnalysis);
        Number("tcp.analysis.acks_frame", "The frame whose data this ACK acknowledges", (in FrameView f) => Analysed(f) && f.Tcp.AckedFrame > 0,
            (in FrameView f) => f.Tcp.AckedFrame, FieldNeeds.TcpAnalysis);
        Seconds("tcp.analysis.ack_rtt", "Seconds from the data to this ACK", (in FrameView f) => Analysed(f) && f.Tcp.AckedFrame > 0,
            (in FrameView f) => f.Tcp.AckRttNs / 1e9, FieldNeeds.TcpAnalysis);
        Number("tcp.analysis.bytes_in_flight", "Bytes sent and not yet acknowledged", (in FrameView f) => Analysed(f) && f.Tcp.BytesInFlight > 0,
            (in FrameView f) => f.Tcp.BytesInFlight, FieldNeeds.TcpAnalysis);
        Seconds("tcp.analysis.rto", "Seconds since the original of this retransmission", (in FrameView f) => Analysed(f) && f.Tcp.RtoFrame > 0,
            (in FrameView f) => f.Tcp.RtoNs / 1e9, FieldNeeds.TcpAnalysis);
        Number("tcp.analysis.rto_frame", "The original of this retransmission", (in FrameView f) => Analysed(f) && f.Tcp.RtoFrame > 0,
            (in FrameView f) => f.Tcp.RtoFrame, FieldNeeds.TcpAnalysis);
    }

    /// <summary>The flags Wireshark raises as expert information (Wirecase's own facts are not among them).</summary>
    private static readonly TcpAnalysisFlags WiresharkFlags = TcpAnalysisNames.All
        .Where(e => e.Field.StartsWith("tcp.analysis.", StringComparison.Ordinal) && e.Flag != TcpAnalysisFlags.WindowUpdate)
        .Aggregate(TcpAnalysisFlags.None, (a, e) => a | e.Flag);
}
