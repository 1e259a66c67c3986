using System.Globalization;

namespace Wirecase.Cli.Output;

/// <summary>Byte counts the way Wireshark's conversation table prints them ("1980 bytes", "22 kB", SI prefixes).</summary>
internal static class SizeText
{
    public static string Bytes(long n)
    {
        var inv = CultureInfo.InvariantCulture;
        if (n < 10_000) return n.ToString(inv) + " bytes";
        if (n < 10_000_000) return (n / 1000).ToString(inv) + " kB";
        if (n < 10_000_000_000) return (n / 1_000_000).ToString(inv) + " MB";
        return (n / 1_000_000_000).ToString(inv) + " GB";
    }

    public static string Rate(double bitsPerSecond)
    {
        var inv = CultureInfo.InvariantCulture;
        if (bitsPerSecond < 10_000) return bitsPerSecond.ToString("0", inv) + " bit/s";
        if (bitsPerSecond < 10_000_000) return (bitsPerSecond / 1000).ToString("0", inv) + " kbit/s";
        return (bitsPerSecond / 1_000_000).ToString("0", inv) + " Mbit/s";
    }
}
