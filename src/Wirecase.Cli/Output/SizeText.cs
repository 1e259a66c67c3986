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
    public static int FormatBytes(Span<char> buffer, long n)
    {
        int written;
        if (n < 10_000) buffer.TryWrite(Inv, $"{n} bytes", out written);
        else if (n < 10_000_000) buffer.TryWrite(Inv, $"{n / 1000} kB", out written);
        else if (n < 10_000_000_000) buffer.TryWrite(Inv, $"{n / 1_000_000} MB", out written);
        else buffer.TryWrite(Inv, $"{n / 1_000_000_000} GB", out written);
        return written;
    }

    /// <summary>Writes <see cref="Rate"/>'s text into <paramref name="buffer"/>; returns its length (0 if it does not fit).</summary>
    public static int FormatRate(Span<char> buffer, double bitsPerSecond)
    {
        // Rounded as integers (half away from zero, as "F0" would): formatting doubles is slow.
        static long Whole(double v) => (long)Math.Round(v, MidpointRounding.AwayFromZero);
        int written;
        if (bitsPerSecond < 10_000) buffer.TryWrite(Inv, $"{Whole(bitsPerSecond)} bit/s", out written);
        else if (bitsPerSecond < 10_000_000) buffer.TryWrite(Inv, $"{Whole(bitsPerSecond / 1000)} kbit/s", out written);
        else buffer.TryWrite(Inv, $"{Whole(bitsPerSecond / 1_000_000)} Mbit/s", out written);
        return written;
    }
}
