using System.Globalization;

namespace Wirecase.Cli.Output;

/// <summary>Timestamps as users read them: absolute UTC with the file's precision, or seconds relative to a start.</summary>
internal static class TimeText
{
    public static string Utc(long ns, int digits = 9)
    {
        long seconds = Math.DivRem(ns, 1_000_000_000L, out long rem);
        if (rem < 0) { seconds--; rem += 1_000_000_000L; }
        var dt = DateTime.UnixEpoch.AddSeconds(Math.Clamp(seconds, -62135596800L, 253402300799L));
        string fraction = rem.ToString("D9", CultureInfo.InvariantCulture)[..Math.Clamp(digits, 0, 9)];
        return dt.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + (digits > 0 ? "." + fraction : "") + " UTC";
    }

    /// <summary>ISO 8601 with nanoseconds, for JSON.</summary>
    public static string Iso(long ns)
    {
        long seconds = Math.DivRem(ns, 1_000_000_000L, out long rem);
        if (rem < 0) { seconds--; rem += 1_000_000_000L; }
        var dt = DateTime.UnixEpoch.AddSeconds(Math.Clamp(seconds, -62135596800L, 253402300799L));
        return dt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture) + "." + rem.ToString("D9", CultureInfo.InvariantCulture) + "Z";
    }

    /// <summary>Seconds since the epoch with 9 decimals, like Wireshark's frame.time_epoch.</summary>
    public static string Epoch(long ns)
    {
        long seconds = Math.DivRem(ns, 1_000_000_000L, out long rem);
        if (rem < 0) { seconds--; rem += 1_000_000_000L; }
        return seconds.ToString(CultureInfo.InvariantCulture) + "." + rem.ToString("D9", CultureInfo.InvariantCulture);
    }

    /// <summary>Relative seconds with <paramref name="digits"/> decimals (Wireshark's default time column).</summary>
    public static string Relative(long ns, int digits)
    {
        bool negative = ns < 0;
        long abs = Math.Abs(ns);
        long seconds = abs / 1_000_000_000L, rem = abs % 1_000_000_000L;
        string fraction = rem.ToString("D9", CultureInfo.InvariantCulture)[..Math.Clamp(digits, 1, 9)];
        return (negative ? "-" : "") + seconds.ToString(CultureInfo.InvariantCulture) + "." + fraction;
    }
}
