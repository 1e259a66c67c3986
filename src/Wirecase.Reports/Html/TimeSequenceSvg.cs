using System.Globalization;
using System.Text;
using Wirecase.Reports.Model;

namespace Wirecase.Reports.Html;

/// <summary>
/// The time-sequence graph of one direction, in the style of tcptrace and Wireshark's Stevens graph: each data segment
/// a vertical bar from its relative sequence number to seq + length at the time it was captured (retransmissions in
/// their own colour), the receiver's acknowledgment as a step line, the receive window's edge (ack + window) above it,
/// and the receiver's SACK blocks as short bars.
/// </summary>
internal static class TimeSequenceSvg
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>Whether the direction sent anything to draw (payload, SYN or FIN).</summary>
    public static bool HasData(ConnectionView view, bool fromOriginator) =>
        view.Segments.Any(s => s.FromOriginator == fromOriginator && s.Length > 0);

    public static void Write(StringBuilder svg, ConnectionView view, bool fromOriginator)
    {
        var data = view.Segments.Where(s => s.FromOriginator == fromOriginator && s.Length > 0).ToList();
        var acks = view.Segments.Where(s => s.FromOriginator != fromOriginator && s.HasAck).ToList();
        double t1 = view.Segments.Count > 0 ? view.Segments[^1].Time : 1;
        double yMin = data.Count > 0 ? data.Min(s => (double)s.Seq) : 0;
        double yMax = Math.Max(data.Count > 0 ? data.Max(s => (double)s.Seq + s.Length) : 1,
            acks.Count > 0 ? acks.Max(s => (double)s.Ack + s.Window) : 1);
        // A window edge far above the data would flatten the graph: keep the data in the upper part of the scale.
        double dataTop = data.Count > 0 ? data.Max(s => (double)s.Seq + s.Length) : 1;
        if (yMax > dataTop + (dataTop - yMin) * 0.5) yMax = dataTop + (dataTop - yMin) * 0.5 + 1;
        yMin = Math.Min(yMin, acks.Count > 0 ? acks.Min(s => (double)s.Ack) : yMin);
        var chart = new SvgChart(900, 360, 0, t1, yMin, yMax);
        string sender = fromOriginator ? view.Originator : view.Responder;
        chart.Begin(svg, "tsg", $"Time-sequence graph of {sender}'s data", "time since the connection's first segment", "relative sequence number", SvgChart.Bytes);

        if (acks.Count > 0)
        {
            var ackLine = new StringBuilder();
            var windowLine = new StringBuilder();
            double? lastAck = null, lastEdge = null;
            foreach (var a in acks)
            {
                double x = chart.X(a.Time);
                double edge = Math.Min(yMax, a.Ack + (double)a.Window);
                if (lastAck is double la) ackLine.Append(Inv, $" {SvgChart.N(x)},{SvgChart.N(chart.Y(la))}");
                ackLine.Append(Inv, $" {SvgChart.N(x)},{SvgChart.N(chart.Y(a.Ack))}");
                if (lastEdge is double le) windowLine.Append(Inv, $" {SvgChart.N(x)},{SvgChart.N(chart.Y(le))}");
                windowLine.Append(Inv, $" {SvgChart.N(x)},{SvgChart.N(chart.Y(edge))}");
                lastAck = a.Ack;
                lastEdge = edge;
            }
            double xEnd = chart.X(t1);
            ackLine.Append(Inv, $" {SvgChart.N(xEnd)},{SvgChart.N(chart.Y(lastAck!.Value))}");
            windowLine.Append(Inv, $" {SvgChart.N(xEnd)},{SvgChart.N(chart.Y(lastEdge!.Value))}");
            svg.Append(Inv, $"<polyline class=\"window\" points=\"{windowLine.ToString().Trim()}\"><title>receive window edge (ack + window)</title></polyline>");
            svg.Append(Inv, $"<polyline class=\"ack\" points=\"{ackLine.ToString().Trim()}\"><title>acknowledged</title></polyline>");
            foreach (var a in acks)
                foreach (var (left, right) in a.Sack)
                    svg.Append(Inv, $"<line class=\"sack\" x1=\"{SvgChart.N(chart.X(a.Time))}\" y1=\"{SvgChart.N(chart.Y(left))}\" x2=\"{SvgChart.N(chart.X(a.Time))}\" y2=\"{SvgChart.N(chart.Y(right))}\"><title>SACK {left}–{right}, frame {HtmlText.Encode(a.Frame)}</title></line>");
        }
        foreach (var s in data)
        {
            double x = chart.X(s.Time);
            string css = "data" + (s.Retransmitted ? " retrans" : "") + (s.Evidence ? " evidence" : "");
            svg.Append(Inv, $"<line class=\"{css}\" data-frame=\"{HtmlText.Attr(s.Frame)}\" x1=\"{SvgChart.N(x)}\" y1=\"{SvgChart.N(chart.Y(s.Seq))}\" x2=\"{SvgChart.N(x)}\" y2=\"{SvgChart.N(Math.Min(chart.Y(s.Seq) - 2, chart.Y(s.Seq + (double)s.Length)))}\"><title>frame {HtmlText.Encode(s.Frame)}: Seq={s.Seq} Len={s.Length}{(s.Analysis.Count > 0 ? " " + HtmlText.Encode(string.Join(", ", s.Analysis.Select(LadderSvg.Short))) : "")}</title></line>");
        }
        SvgChart.End(svg);
    }
}
