using System.Globalization;
using System.Text;
using Wirecase.Correlation.Results;

namespace Wirecase.Reports.Html;

/// <summary>
/// A connection seen at several capture points: one lane per point in path order (client side first), one row per
/// segment; the points that saw it are joined by a line with the frame number at each, a point that did not see it
/// gets a cross, and what happened on a hop (lost, appeared, modified, …) is written beside the row.
/// </summary>
internal static class PathLadderSvg
{
    public const int MaxRows = 200;
    private const double RowHeight = 24, Head = 40, FirstLane = 190, LaneGap = 210;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static int Rows(MatchedConnection c) => Math.Min(MaxRows, c.Ladder?.Count ?? 0);

    public static void Write(StringBuilder svg, CorrelationResult r, MatchedConnection c)
    {
        var rows = c.Ladder ?? [];
        int count = Rows(c);
        double width = FirstLane + LaneGap * Math.Max(1, r.Path.Count - 1) + 440;
        double height = Head + count * RowHeight + 12;
        string N(double v) => SvgChart.N(v);
        double Lane(int i) => FirstLane + i * LaneGap;
        svg.Append(Inv, $"<svg class=\"path-ladder\" data-segments=\"{count}\" role=\"img\" aria-label=\"Ladder of matched connection {c.Id}\" viewBox=\"0 0 {N(width)} {N(height)}\" width=\"{N(width)}\" height=\"{N(height)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append("<text class=\"lane-head\" x=\"4\" y=\"16\">time</text>");
        for (int i = 0; i < r.Path.Count; i++)
        {
            svg.Append(Inv, $"<text class=\"lane-name\" x=\"{N(Lane(i))}\" y=\"16\" text-anchor=\"middle\">{HtmlText.Encode(r.NameOf(r.Path[i]))}</text>");
            svg.Append(Inv, $"<line class=\"lane\" x1=\"{N(Lane(i))}\" y1=\"26\" x2=\"{N(Lane(i))}\" y2=\"{N(height - 6)}\"/>");
        }
        long start = rows.Count == 0 ? 0 : rows.Select(row => row.TimesNs.Where(t => t is not null).Min() ?? long.MaxValue).Min();
        for (int k = 0; k < count; k++)
        {
            var row = rows[k];
            double y = Head + k * RowHeight + 10;
            bool changed = row.Verdicts.Any(v => v.Kind != VerdictKind.NotCaptured);
            string css = "seg" + (changed ? " changed" : "") + (row.FromClient ? " to-server" : " to-client");
            svg.Append(Inv, $"<g class=\"{css}\">");
            long t = row.TimesNs.Where(x => x is not null).Min() ?? start;
            svg.Append(Inv, $"<text class=\"time\" x=\"4\" y=\"{N(y + 4)}\">{HtmlText.Encode(SvgChart.Seconds((t - start) / 1e9))}</text>");
            var seen = new List<double>();
            for (int i = 0; i < r.Path.Count; i++)
            {
                int p = r.Path[i];
                if (row.Frames[p] is { } frame)
                {
                    seen.Add(Lane(i));
                    svg.Append(Inv, $"<circle class=\"seen\" cx=\"{N(Lane(i))}\" cy=\"{N(y)}\" r=\"4\"><title>{HtmlText.Encode(r.FrameAt(p, frame))}</title></circle>");
                    svg.Append(Inv, $"<text class=\"frame\" x=\"{N(Lane(i) + 7)}\" y=\"{N(y - 5)}\">#{HtmlText.Encode(CorrelationResult.FrameLabel(frame))}</text>");
                }
                else
                {
                    svg.Append(Inv, $"<path class=\"missing\" d=\"M{N(Lane(i) - 5)} {N(y - 5)} l10 10 m0 -10 l-10 10\"><title>not seen at {HtmlText.Encode(r.NameOf(p))}</title></path>");
                }
            }
            if (seen.Count > 1) svg.Append(Inv, $"<line class=\"joined\" x1=\"{N(seen[0])}\" y1=\"{N(y)}\" x2=\"{N(seen[^1])}\" y2=\"{N(y)}\"/>");
            string label = $"{(row.FromClient ? "→" : "←")} {row.Segment} seq {row.Seq}{(row.Length > 0 ? $" len {row.Length}" : "")}";
            if (row.Verdicts.Count > 0) label += "  " + string.Join("; ", row.Verdicts.Select(v => $"{v.Kind.ToString().ToLowerInvariant()} {r.NameOf(v.From)}→{r.NameOf(v.To)}"));
            svg.Append(Inv, $"<text class=\"label{(changed ? " verdict" : "")}\" x=\"{N(Lane(r.Path.Count - 1) + 14)}\" y=\"{N(y + 4)}\">{HtmlText.Encode(label)}</text>");
            svg.Append("</g>");
        }
        svg.Append("</svg>");
    }
}
