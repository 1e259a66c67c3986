using System.Globalization;
using System.Text;
using Wirecase.Reports.Model;

namespace Wirecase.Reports.Html;

/// <summary>RTT samples (data → its ACK, Karn's rule applied by the TCP engine) and throughput over time, each
/// direction in its own colour.</summary>
internal static class RateSvg
{
    private const int Bins = 50;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static bool HasRtt(ConnectionView view) => view.Segments.Any(s => s.AckRttMs is not null);

    public static void WriteRtt(StringBuilder svg, ConnectionView view)
    {
        var samples = view.Segments.Where(s => s.AckRttMs is not null).ToList();
        double t1 = view.Segments[^1].Time;
        var chart = new SvgChart(900, 220, 0, t1, 0, samples.Max(s => s.AckRttMs!.Value) * 1.1);
        chart.Begin(svg, "rtt", "RTT over time", "time since the connection's first segment", "ACK RTT (ms)", v => v.ToString("0.##", Inv));
        foreach (var s in samples)
        {
            // The ACK's sender measured the other side's data: colour by whose data was acknowledged.
            string css = s.FromOriginator ? "b" : "a";
            svg.Append(Inv, $"<circle class=\"sample {css}\" cx=\"{SvgChart.N(chart.X(s.Time))}\" cy=\"{SvgChart.N(chart.Y(s.AckRttMs!.Value))}\" r=\"2.5\"><title>frame {HtmlText.Encode(s.Frame)}: {s.AckRttMs!.Value.ToString("0.###", Inv)} ms</title></circle>");
        }
        SvgChart.End(svg);
    }

    public static void WriteThroughput(StringBuilder svg, ConnectionView view)
    {
        double t1 = Math.Max(view.Segments[^1].Time, 1e-6);
        double bin = t1 / Bins;
        var bits = new double[2, Bins];
        foreach (var s in view.Segments)
            bits[s.FromOriginator ? 0 : 1, Math.Min(Bins - 1, (int)(s.Time / bin))] += s.Length * 8.0;
        double max = 1;
        for (int d = 0; d < 2; d++) for (int i = 0; i < Bins; i++) max = Math.Max(max, bits[d, i] / bin);
        var chart = new SvgChart(900, 220, 0, t1, 0, max * 1.1);
        chart.Begin(svg, "throughput", "Throughput over time", $"time since the connection's first segment ({SvgChart.Seconds(bin)} bins)", "payload bit/s", SvgChart.Bytes);
        for (int d = 0; d < 2; d++)
        {
            var points = new StringBuilder();
            for (int i = 0; i < Bins; i++)
                points.Append(Inv, $" {SvgChart.N(chart.X((i + 0.5) * bin))},{SvgChart.N(chart.Y(bits[d, i] / bin))}");
            string who = d == 0 ? view.Originator : view.Responder;
            svg.Append(Inv, $"<polyline class=\"rate {(d == 0 ? "a" : "b")}\" points=\"{points.ToString().Trim()}\"><title>{HtmlText.Encode(who)} → payload bit/s</title></polyline>");
        }
        SvgChart.End(svg);
    }
}
