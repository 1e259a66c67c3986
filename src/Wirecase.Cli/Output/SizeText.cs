using System.Globalization;

namespace Wirecase.Cli.Output;

/// <summary>Byte counts the way Wireshark's conversation table prints them ("1980 bytes", "22 kB", SI prefixes).</summary>
internal static class SizeText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Bytes(long n)
    {
        Span<char> buffer = stackalloc char[32];
        return new string(buffer[..FormatBytes(buffer, n)]);
    }

    public static string Rate(double bitsPerSecond)
    {
        Span<char> buffer = stackalloc char[48];
        return new string(buffer[..FormatRate(buffer, bitsPerSecond)]);
    }

    /// <summary>Writes <see cref="Bytes"/>'s text into <paramref name="buffer"/> (32 chars suffice); returns its length.</summary>
    public static int FormatBytes(Span<char> buffer, long n) =>
        n < 10_000 ? WithUnit(buffer, n, " bytes")
        : n < 10_000_000 ? WithUnit(buffer, n / 1000, " kB")
        : n < 10_000_000_000 ? WithUnit(buffer, n / 1_000_000, " MB")
        : WithUnit(buffer, n / 1_000_000_000, " GB");

    /// <summary>Writes <see cref="Rate"/>'s text into <paramref name="buffer"/>; returns its length (0 if it does not fit).</summary>
    public static int FormatRate(Span<char> buffer, double bitsPerSecond)
    {
        // Rounded as integers (half away from zero, as "F0" would): formatting doubles is slow.
        static long Whole(double v) => (long)Math.Round(v, MidpointRounding.AwayFromZero);
        return bitsPerSecond < 10_000 ? WithUnit(buffer, Whole(bitsPerSecond), " bit/s")
            : bitsPerSecond < 10_000_000 ? WithUnit(buffer, Whole(bitsPerSecond / 1000), " kbit/s")
            : WithUnit(buffer, Whole(bitsPerSecond / 1_000_000), " Mbit/s");
    }

    // The number, then the unit: called for every cell of a table of up to millions of rows, so without an interpolated
    // string handler (whose generic formatting boxes each number until the runtime optimises it).
    private static int WithUnit(Span<char> buffer, long value, string unit)
    {
        if (!value.TryFormat(buffer, out int n, default, Inv) || !unit.AsSpan().TryCopyTo(buffer[n..])) return 0;
        return n + unit.Length;
    }
}
