using System.Globalization;
using System.Text;
using Wirecase.Reports.Model;

namespace Wirecase.Reports.Html;

/// <summary>
/// A connection's ladder at one capture point: two lanes (originator, responder), one arrow per segment in capture
/// order, the time since the connection's first segment and since the previous segment at the left; retransmissions
/// and other analysis flags in their colours, the findings' evidence frames marked.
/// </summary>
internal static class LadderSvg
{
    public const int MaxRows = 400;
    private const double Width = 900, RowHeight = 24, Head = 40, LaneA = 250, LaneB = 820;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The rows drawn: all of them, or <see cref="MaxRows"/> around the first evidence frame.</summary>
    public static (int From, int Count) Window(IReadOnlyList<SegmentRow> rows)
    {
        if (rows.Count <= MaxRows) return (0, rows.Count);
        int evidence = Math.Max(0, IndexOfFirstEvidence(rows));
        int from = Math.Clamp(evidence - MaxRows / 4, 0, rows.Count - MaxRows);
        return (from, MaxRows);
    }

    private static int IndexOfFirstEvidence(IReadOnlyList<SegmentRow> rows)
    {
        for (int i = 0; i < rows.Count; i++) if (rows[i].Evidence) return i;
        return -1;
    }

    public static void Write(StringBuilder svg, ConnectionView view)
    {
        var (from, count) = Window(view.Segments);
        double height = Head + count * RowHeight + 12;
        string N(double v) => SvgChart.N(v);
        svg.Append(Inv, $"<svg class=\"ladder\" data-segments=\"{count}\" role=\"img\" aria-label=\"Ladder of {HtmlText.Attr(view.Title)}\" viewBox=\"0 0 {N(Width)} {N(height)}\" width=\"{N(Width)}\" height=\"{N(height)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(Inv, $"<text class=\"lane-name\" x=\"{N(LaneA)}\" y=\"16\" text-anchor=\"middle\">{HtmlText.Encode(view.Originator)}</text>");
        svg.Append(Inv, $"<text class=\"lane-name\" x=\"{N(LaneB)}\" y=\"16\" text-anchor=\"middle\">{HtmlText.Encode(view.Responder)}</text>");
        svg.Append(Inv, $"<text class=\"lane-head\" x=\"4\" y=\"16\">time · Δ previous</text>");
        double bottom = height - 6;
        svg.Append(Inv, $"<line class=\"lane\" x1=\"{N(LaneA)}\" y1=\"26\" x2=\"{N(LaneA)}\" y2=\"{N(bottom)}\"/>");
        svg.Append(Inv, $"<line class=\"lane\" x1=\"{N(LaneB)}\" y1=\"26\" x2=\"{N(LaneB)}\" y2=\"{N(bottom)}\"/>");
        double previous = from > 0 ? view.Segments[from - 1].Time : 0;
        for (int i = 0; i < count; i++)
        {
            var s = view.Segments[from + i];
            double y = Head + i * RowHeight + 10;
            double x1 = s.FromOriginator ? LaneA : LaneB, x2 = s.FromOriginator ? LaneB : LaneA;
            double dir = s.FromOriginator ? -1 : 1;
            string css = "seg" + (s.Retransmitted ? " retrans" : "") + (s.Analysis.Count > 0 && !s.Retransmitted ? " flagged" : "") + (s.Evidence ? " evidence" : "");
            svg.Append(Inv, $"<g class=\"{css}\" data-frame=\"{HtmlText.Attr(s.Frame)}\"><title>frame {HtmlText.Encode(s.Frame)}{(s.Analysis.Count > 0 ? ": " + HtmlText.Encode(string.Join(", ", s.Analysis)) : "")}</title>");
            svg.Append(Inv, $"<text class=\"time\" x=\"4\" y=\"{N(y + 4)}\">{HtmlText.Encode(SvgChart.Seconds(s.Time))} · +{HtmlText.Encode(SvgChart.Seconds(Math.Max(0, s.Time - previous)))}</text>");
            svg.Append(Inv, $"<text class=\"frame\" x=\"{N(LaneA - 10)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">#{HtmlText.Encode(s.Frame)}</text>");
            svg.Append(Inv, $"<line class=\"arrow\" x1=\"{N(x1)}\" y1=\"{N(y)}\" x2=\"{N(x2)}\" y2=\"{N(y + 6)}\"/>");
            svg.Append(Inv, $"<polygon class=\"head\" points=\"{N(x2)},{N(y + 6)} {N(x2 + dir * 9)},{N(y + 1)} {N(x2 + dir * 8)},{N(y + 10)}\"/>");
            string label = $"[{s.Flags}] Seq={s.Seq}{(s.HasAck ? $" Ack={s.Ack}" : "")} Len={s.Length} Win={s.Window}";
            svg.Append(Inv, $"<text class=\"label\" x=\"{N((LaneA + LaneB) / 2)}\" y=\"{N(y - 2)}\" text-anchor=\"middle\">{HtmlText.Encode(label)}");
            if (s.Analysis.Count > 0)
                svg.Append(Inv, $"<tspan class=\"flags\"> {HtmlText.Encode(string.Join(" ", s.Analysis.Select(Short)))}</tspan>");
            svg.Append("</text></g>");
            previous = s.Time;
        }
        svg.Append("</svg>");
    }

    /// <summary>"tcp.analysis.retransmission" → "retransmission".</summary>
    public static string Short(string field) => field.StartsWith("tcp.analysis.", StringComparison.Ordinal) ? field["tcp.analysis.".Length..] : field;
}
