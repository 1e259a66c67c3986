using System.Globalization;

namespace Wirecase.Cli.Commands;

/// <summary>A range of frame numbers such as "126-210", "126-", "-210" or "7" (inclusive, 1-based like Wireshark).</summary>
internal readonly record struct FrameRange(long First, long Last)
{
    public static readonly FrameRange All = new(1, long.MaxValue);

    public bool Contains(long number) => number >= First && number <= Last;

    public static bool TryParse(string? text, out FrameRange range, out string error)
    {
        range = All;
        error = "";
        if (string.IsNullOrWhiteSpace(text)) return true;
        text = text.Trim();
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        string a = dash < 0 ? text : text[..dash], b = dash < 0 ? text : text[(dash + 1)..];
        long first = 1, last = long.MaxValue;
        if (a.Length > 0 && !long.TryParse(a, NumberStyles.None, CultureInfo.InvariantCulture, out first) ||
            b.Length > 0 && !long.TryParse(b, NumberStyles.None, CultureInfo.InvariantCulture, out last) ||
            first < 1 || last < first)
        {
            error = $"'{text}' is not a frame range: use N, N-M, N- or -M with 1 <= N <= M";
            return false;
        }
        range = new FrameRange(first, last);
        return true;
    }
}
