using System.Globalization;

namespace Wirecase.Cli.Commands;

/// <summary>
/// `--from`/`--to`: frames whose time is within the bounds, each given as seconds relative to the first frame
/// (frame.time_relative, e.g. 12.5) or as an absolute time (2026-11-30T05:28:45.5Z, or without a zone: UTC).
/// </summary>
internal sealed class TimeWindow
{
    private readonly (bool Relative, long Ns)? _from;
    private readonly (bool Relative, long Ns)? _to;
    private readonly Diagnosis.Facts.MarkerWindow? _markers;

    private TimeWindow((bool, long)? from, (bool, long)? to, Diagnosis.Facts.MarkerWindow? markers = null)
    {
        _from = from;
        _to = to;
        _markers = markers;
    }

    /// <summary>This window, further limited to the time between the user's marker pings (when found).</summary>
    public TimeWindow Within(Diagnosis.Facts.MarkerWindow? markers) => markers is null ? this : new TimeWindow(_from, _to, markers);

    public static TimeWindow All { get; } = new(null, null);

    public bool IsAll => _from is null && _to is null && _markers is null;

    public static TimeWindow? Parse(string? from, string? to, out string error)
    {
        error = "";
        (bool, long)? a = null, b = null;
        if (from is not null && (a = Bound(from)) is null) error = $"--from '{from}' is neither seconds from the first frame (12.5) nor a time (2026-11-30T05:28:45Z)";
        else if (to is not null && (b = Bound(to)) is null) error = $"--to '{to}' is neither seconds from the first frame (12.5) nor a time (2026-11-30T05:28:45Z)";
        return error.Length > 0 ? null : new TimeWindow(a, b);
    }

    private static (bool, long)? Bound(string text)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double seconds) && double.IsFinite(seconds))
            return (true, (long)Math.Round(seconds * 1e9));
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var when))
            return (false, (when.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100);
        return null;
    }

    /// <param name="firstNs">The first frame's time (for relative bounds).</param>
    public bool Contains(bool hasTimestamp, long timestampNs, long firstNs)
    {
        if (IsAll) return true;
        if (!hasTimestamp) return false;
        if (_markers is not null && !_markers.Contains(timestampNs)) return false;
        if (_from is { } f && timestampNs < (f.Relative ? firstNs + f.Ns : f.Ns)) return false;
        if (_to is { } t && timestampNs > (t.Relative ? firstNs + t.Ns : t.Ns)) return false;
        return true;
    }
}
