using System.Globalization;
using System.Text;

namespace Wirecase.Reports.Html;

/// <summary>
/// A plot area with linear axes, written as SVG: maps data to pixels and draws the axes with round ticks. The caller
/// adds its marks between <see cref="Begin"/> and <see cref="End"/>.
/// </summary>
internal sealed class SvgChart
{
    private const double Left = 72, Right = 16, Top = 14, Bottom = 40;
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;
    private readonly double _x0, _x1, _y0, _y1;

    public SvgChart(double width, double height, double x0, double x1, double y0, double y1)
    {
        Width = width;
        Height = height;
        _x0 = x0;
        _x1 = x1 > x0 ? x1 : x0 + 1;
        _y0 = y0;
        _y1 = y1 > y0 ? y1 : y0 + 1;
    }

    public double Width { get; }
    public double Height { get; }

    public double X(double v) => Left + (v - _x0) / (_x1 - _x0) * (Width - Left - Right);
    public double Y(double v) => Height - Bottom - (v - _y0) / (_y1 - _y0) * (Height - Top - Bottom);

    public static string N(double v) => Math.Round(v, 1).ToString("0.#", Inv);

    public void Begin(StringBuilder svg, string cssClass, string label, string xTitle, string yTitle, Func<double, string> yText)
    {
        svg.Append(Inv, $"<svg class=\"{cssClass}\" role=\"img\" aria-label=\"{HtmlText.Attr(label)}\" viewBox=\"0 0 {N(Width)} {N(Height)}\" width=\"{N(Width)}\" height=\"{N(Height)}\" xmlns=\"http://www.w3.org/2000/svg\">");
        svg.Append(Inv, $"<rect class=\"plot\" x=\"{N(Left)}\" y=\"{N(Top)}\" width=\"{N(Width - Left - Right)}\" height=\"{N(Height - Top - Bottom)}\"/>");
        foreach (double t in Ticks(_x0, _x1, 8))
        {
            double x = X(t);
            svg.Append(Inv, $"<line class=\"grid\" x1=\"{N(x)}\" y1=\"{N(Top)}\" x2=\"{N(x)}\" y2=\"{N(Height - Bottom)}\"/>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{N(x)}\" y=\"{N(Height - Bottom + 14)}\" text-anchor=\"middle\">{HtmlText.Encode(Seconds(t))}</text>");
        }
        foreach (double t in Ticks(_y0, _y1, 6))
        {
            double y = Y(t);
            svg.Append(Inv, $"<line class=\"grid\" x1=\"{N(Left)}\" y1=\"{N(y)}\" x2=\"{N(Width - Right)}\" y2=\"{N(y)}\"/>");
            svg.Append(Inv, $"<text class=\"tick\" x=\"{N(Left - 4)}\" y=\"{N(y + 4)}\" text-anchor=\"end\">{HtmlText.Encode(yText(t))}</text>");
        }
        svg.Append(Inv, $"<text class=\"axis\" x=\"{N((Left + Width - Right) / 2)}\" y=\"{N(Height - 6)}\" text-anchor=\"middle\">{HtmlText.Encode(xTitle)}</text>");
        svg.Append(Inv, $"<text class=\"axis\" transform=\"translate(12 {N((Top + Height - Bottom) / 2)}) rotate(-90)\" text-anchor=\"middle\">{HtmlText.Encode(yTitle)}</text>");
    }

    public static void End(StringBuilder svg) => svg.Append("</svg>");

    /// <summary>Round tick values (1, 2, 5 × 10^k steps) covering [a, b], about <paramref name="count"/> of them.</summary>
    public static IEnumerable<double> Ticks(double a, double b, int count)
    {
        double span = b - a;
        if (!(span > 0) || double.IsInfinity(span)) yield break;
        double raw = span / count, magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = magnitude * (raw / magnitude < 1.5 ? 1 : raw / magnitude < 3.5 ? 2 : raw / magnitude < 7.5 ? 5 : 10);
        for (double t = Math.Ceiling(a / step) * step; t <= b + step * 1e-9; t += step) yield return Math.Abs(t) < step * 1e-9 ? 0 : t;
    }

    public static string Seconds(double s) =>
        s == 0 ? "0" : Math.Abs(s) < 0.001 ? (s * 1e6).ToString("0.#", Inv) + " µs" : Math.Abs(s) < 1 ? (s * 1e3).ToString("0.##", Inv) + " ms" : s.ToString("0.###", Inv) + " s";

    public static string Bytes(double v) =>
        Math.Abs(v) >= 1e9 ? (v / 1e9).ToString("0.##", Inv) + " G" : Math.Abs(v) >= 1e6 ? (v / 1e6).ToString("0.##", Inv) + " M"
        : Math.Abs(v) >= 1e4 ? (v / 1e3).ToString("0.#", Inv) + " k" : v.ToString("0", Inv);
}
